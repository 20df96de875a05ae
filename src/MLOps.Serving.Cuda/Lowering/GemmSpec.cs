namespace MLOps.Serving.Cuda.Lowering;

/// <summary>
/// A row-major GEMM (or a batch of them) <c>Y = alpha · op(A) · op(B)</c> run by cuBLAS as the column-major
/// product <c>Yᵀ = op(B)ᵀ · op(A)ᵀ</c>; a bias and activation follow as an epilogue kernel.
/// </summary>
internal sealed record GemmSpec(int A, int B, int Output, int M, int N, int K, bool TransA, bool TransB, float Alpha, int BatchCount, long StrideA, long StrideB, long StrideOutput)
{
    /// <summary>The row-major leading dimension of A as stored.</summary>
    public int LeadingA => TransA ? M : K;

    /// <summary>The row-major leading dimension of B as stored.</summary>
    public int LeadingB => TransB ? K : N;
}
