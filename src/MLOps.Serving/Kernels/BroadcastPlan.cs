using MLOps.Serving.Graph;

namespace MLOps.Serving.Kernels;

/// <summary>
/// How two operands map onto a broadcast output: the output's dimensions with the operands' strides
/// (0 where an operand is stretched), merged wherever both stay contiguous. After merging, the
/// innermost stride of each operand is 1 or 0, so the inner loop is vector-vector, vector-scalar or
/// scalar-vector.
/// </summary>
internal sealed class BroadcastPlan
{
    private BroadcastPlan(int[] sizes, long[] stridesA, long[] stridesB, int count)
    {
        Sizes = sizes;
        StridesA = stridesA;
        StridesB = stridesB;
        Count = count;
    }

    public int[] Sizes { get; }

    public long[] StridesA { get; }

    public long[] StridesB { get; }

    public int Count { get; }

    public static BroadcastPlan Create(int[] a, int[] b, int[] output)
    {
        var rank = output.Length;
        var stridesA = Expand(a, rank);
        var stridesB = Expand(b, rank);
        var sizes = new List<int>();
        var mergedA = new List<long>();
        var mergedB = new List<long>();
        for (var i = 0; i < rank; i++)
        {
            if (output[i] == 1)
            {
                continue;
            }

            if (sizes.Count > 0 && mergedA[^1] == stridesA[i] * output[i] && mergedB[^1] == stridesB[i] * output[i])
            {
                sizes[^1] *= output[i];
                mergedA[^1] = stridesA[i];
                mergedB[^1] = stridesB[i];
            }
            else
            {
                sizes.Add(output[i]);
                mergedA.Add(stridesA[i]);
                mergedB.Add(stridesB[i]);
            }
        }

        if (sizes.Count == 0)
        {
            sizes.Add(1);
            mergedA.Add(0);
            mergedB.Add(0);
        }

        return new BroadcastPlan([.. sizes], [.. mergedA], [.. mergedB], ShapeMath.ElementCount(output));

        long[] Expand(int[] shape, int outputRank)
        {
            var strides = new long[outputRank];
            long stride = 1;
            for (var i = shape.Length - 1; i >= 0; i--)
            {
                strides[i + outputRank - shape.Length] = shape[i] == 1 ? 0 : stride;
                stride *= shape[i];
            }

            return strides;
        }
    }
}
