namespace MLOps.Serving.Kernels;

/// <summary>Runs a binary span operation over a <see cref="BroadcastPlan"/>.</summary>
internal static unsafe class Broadcast
{
    public static void Run<TA, TB, TR, TOp>(BroadcastPlan plan, TA* a, TB* b, TR* result)
        where TA : unmanaged
        where TB : unmanaged
        where TR : unmanaged
        where TOp : IBinarySpanOp<TA, TB, TR>
    {
        if (plan.Count == 0)
        {
            return;
        }

        var rank = plan.Sizes.Length;
        var inner = plan.Sizes[rank - 1];
        var innerA = plan.StridesA[rank - 1];
        var innerB = plan.StridesB[rank - 1];
        Span<int> index = stackalloc int[rank];
        long offsetA = 0;
        long offsetB = 0;
        for (long written = 0; written < plan.Count; written += inner)
        {
            var destination = new Span<TR>(result + written, inner);
            if (innerA != 0 && innerB != 0)
            {
                TOp.VectorVector(new ReadOnlySpan<TA>(a + offsetA, inner), new ReadOnlySpan<TB>(b + offsetB, inner), destination);
            }
            else if (innerA != 0)
            {
                TOp.VectorScalar(new ReadOnlySpan<TA>(a + offsetA, inner), b[offsetB], destination);
            }
            else if (innerB != 0)
            {
                TOp.ScalarVector(a[offsetA], new ReadOnlySpan<TB>(b + offsetB, inner), destination);
            }
            else
            {
                TOp.VectorScalar(new ReadOnlySpan<TA>(a + offsetA, 1), b[offsetB], destination[..1]);
                destination.Fill(destination[0]);
            }

            for (var d = rank - 2; d >= 0; d--)
            {
                offsetA += plan.StridesA[d];
                offsetB += plan.StridesB[d];
                if (++index[d] < plan.Sizes[d])
                {
                    break;
                }

                offsetA -= plan.StridesA[d] * plan.Sizes[d];
                offsetB -= plan.StridesB[d] * plan.Sizes[d];
                index[d] = 0;
            }
        }
    }
}
