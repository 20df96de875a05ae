namespace MLOps.Serving.Cuda;

/// <summary>A CUDA device as the driver reports it.</summary>
/// <param name="Ordinal">The device ordinal.</param>
/// <param name="Name">The product name, such as <c>NVIDIA H100 80GB HBM3</c>.</param>
/// <param name="ComputeMajor">The compute capability's major version.</param>
/// <param name="ComputeMinor">The compute capability's minor version.</param>
/// <param name="TotalMemoryBytes">Device memory in bytes.</param>
/// <param name="MultiprocessorCount">Streaming multiprocessors.</param>
/// <param name="DriverVersion">The driver's CUDA version as an integer, such as 12040 for 12.4.</param>
public sealed record CudaDeviceInfo(int Ordinal, string Name, int ComputeMajor, int ComputeMinor, long TotalMemoryBytes, int MultiprocessorCount, int DriverVersion)
{
    /// <summary>The driver's CUDA version as text, such as <c>12.4</c>.</summary>
    public string DriverVersionText => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{DriverVersion / 1000}.{DriverVersion % 1000 / 10}");
}
