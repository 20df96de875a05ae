namespace MLOps.Serving.Cuda;

/// <summary>The CUDA executor (being built).</summary>
public static class CudaExecutor
{
    /// <summary>Whether a CUDA driver and device are usable here; never throws.</summary>
    public static bool IsAvailable => false;
}
