namespace MLOps.Serving.Kernels;

/// <summary>The activation a GEMM applies to its tiles as it stores them (a fused Relu costs nothing extra).</summary>
internal enum GemmActivation
{
    None,
    Relu,
}
