namespace MLOps.Serving.Kernels;

/// <summary>A compile-time row count for the SGEMM micro-kernels: each implementation is a constant the JIT folds.</summary>
internal interface IRowCount
{
    static abstract int Count { get; }
}
