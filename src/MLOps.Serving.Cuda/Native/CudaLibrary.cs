namespace MLOps.Serving.Cuda.Native;

/// <summary>The native CUDA libraries the executor binds to.</summary>
internal enum CudaLibrary
{
    /// <summary>The driver API, <c>libcuda.so.1</c>.</summary>
    Driver,

    /// <summary>The runtime compiler, <c>libnvrtc.so.12</c>.</summary>
    Nvrtc,

    /// <summary>cuBLAS, <c>libcublas.so.12</c>.</summary>
    Cublas,

    /// <summary>cuBLASLt, <c>libcublasLt.so.12</c>.</summary>
    CublasLt,
}
