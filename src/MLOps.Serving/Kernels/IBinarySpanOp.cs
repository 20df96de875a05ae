namespace MLOps.Serving.Kernels;

/// <summary>An element-wise binary operation over runs: vector-vector, vector-scalar and scalar-vector.</summary>
internal interface IBinarySpanOp<TA, TB, TR>
{
    static abstract void VectorVector(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, Span<TR> result);

    static abstract void VectorScalar(ReadOnlySpan<TA> a, TB b, Span<TR> result);

    static abstract void ScalarVector(TA a, ReadOnlySpan<TB> b, Span<TR> result);
}
