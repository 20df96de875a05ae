namespace MLOps.Serving.Kernels;

/// <summary>The instruction set the SGEMM micro-kernel uses.</summary>
internal enum SgemmIsa
{
    Scalar,
    Vector256,
    Vector512,
}
