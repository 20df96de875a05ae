namespace MLOps.Serving.Kernels;

/// <summary>
/// One SGEMM call: <c>C = alpha · op(A) · B (+ C when Accumulate) (+ bias) → activation</c>, with B
/// already packed into panels by Sgemm.PackB. Lives on the caller's stack while the
/// pool runs its tiles.
/// </summary>
internal unsafe struct GemmArguments
{
    public int M;
    public int N;
    public int K;
    public float* A;
    public int Lda;
    public bool TransA;
    public float* PackedB;
    public float* C;
    public int Ldc;
    public float Alpha;
    public bool Accumulate;
    public float* ColumnBias;
    public float* RowBias;
    public GemmActivation Activation;

    // Tiling, set by Sgemm.Multiply.
    public int RowBlock;
    public int PanelsPerTile;
    public int TileColumns;
}
