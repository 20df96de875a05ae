namespace MLOps.Serving.Kernels;

/// <summary>Lifts a per-element operation to the run shapes <see cref="Broadcast"/> calls.</summary>
internal readonly struct ScalarLoop<TA, TB, TR, TOp> : IBinarySpanOp<TA, TB, TR>
    where TOp : IBinaryScalarOp<TA, TB, TR>
{
    public static void VectorVector(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, Span<TR> result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = TOp.Apply(a[i], b[i]);
        }
    }

    public static void VectorScalar(ReadOnlySpan<TA> a, TB b, Span<TR> result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = TOp.Apply(a[i], b);
        }
    }

    public static void ScalarVector(TA a, ReadOnlySpan<TB> b, Span<TR> result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = TOp.Apply(a, b[i]);
        }
    }
}
