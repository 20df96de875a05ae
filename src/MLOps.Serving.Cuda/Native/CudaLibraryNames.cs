namespace MLOps.Serving.Cuda.Native;

/// <summary>The import names used in the bindings and the file names tried for each library, most specific first.</summary>
internal static class CudaLibraryNames
{
    public const string Driver = "mlops-cuda";

    public const string Nvrtc = "mlops-nvrtc";

    public const string Cublas = "mlops-cublas";

    public const string CublasLt = "mlops-cublaslt";

    public static CudaLibrary? FromImportName(string name) => name switch
    {
        Driver => CudaLibrary.Driver,
        Nvrtc => CudaLibrary.Nvrtc,
        Cublas => CudaLibrary.Cublas,
        CublasLt => CudaLibrary.CublasLt,
        _ => null,
    };

    /// <summary>The file names tried in each folder, in order: versioned sonames first (the unversioned name exists only with the -dev packages).</summary>
    public static IReadOnlyList<string> FileNames(CudaLibrary library) => library switch
    {
        CudaLibrary.Driver => ["libcuda.so.1", "libcuda.so"],
        CudaLibrary.Nvrtc => ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"],
        CudaLibrary.Cublas => ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"],
        CudaLibrary.CublasLt => ["libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so.11", "libcublasLt.so"],
        _ => throw new ArgumentOutOfRangeException(nameof(library), library, "Unknown CUDA library."),
    };

    /// <summary>The package that ships the library, for error messages.</summary>
    public static string Describe(CudaLibrary library) => library switch
    {
        CudaLibrary.Driver => "the CUDA driver (libcuda, installed with the NVIDIA driver)",
        CudaLibrary.Nvrtc => "NVRTC (libnvrtc, from the CUDA toolkit or the nvidia-cuda-nvrtc package)",
        CudaLibrary.Cublas => "cuBLAS (libcublas, from the CUDA toolkit or the nvidia-cublas package)",
        CudaLibrary.CublasLt => "cuBLASLt (libcublasLt, from the CUDA toolkit or the nvidia-cublas package)",
        _ => library.ToString(),
    };
}
