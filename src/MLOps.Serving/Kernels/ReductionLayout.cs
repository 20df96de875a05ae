using MLOps.Serving.Graph;

namespace MLOps.Serving.Kernels;

/// <summary>
/// Where a reduction reads: for each output element the input offset it starts at, and the offsets
/// (relative to that start) of the elements it reduces. When the reduced axes are the trailing
/// ones, every output element reduces one contiguous run and the offsets are not needed.
/// </summary>
internal sealed class ReductionLayout
{
    public ReductionLayout(int[] shape, bool[] reduced)
    {
        var rank = shape.Length;
        Span<long> strides = stackalloc long[rank];
        ShapeMath.Strides(shape, strides);
        var keptDims = new List<(int Size, long Stride)>();
        var reducedDims = new List<(int Size, long Stride)>();
        var lastKept = -1;
        var firstReduced = rank;
        for (var i = 0; i < rank; i++)
        {
            if (reduced[i])
            {
                reducedDims.Add((shape[i], strides[i]));
                firstReduced = Math.Min(firstReduced, i);
            }
            else
            {
                keptDims.Add((shape[i], strides[i]));
                lastKept = i;
            }
        }

        OutputCount = keptDims.Aggregate(1, (n, d) => n * d.Size);
        ReducedCount = reducedDims.Aggregate(1, (n, d) => n * d.Size);
        Contiguous = lastKept < firstReduced;
        if (!Contiguous)
        {
            Starts = Offsets(keptDims);
            ReducedOffsets = Offsets(reducedDims);
        }
    }

    public int OutputCount { get; }

    public int ReducedCount { get; }

    /// <summary>Whether output element i reduces the run [i · ReducedCount, (i + 1) · ReducedCount).</summary>
    public bool Contiguous { get; }

    public long[] Starts { get; } = [];

    public long[] ReducedOffsets { get; } = [];

    private static long[] Offsets(List<(int Size, long Stride)> dims)
    {
        var count = dims.Aggregate(1, (n, d) => n * d.Size);
        var offsets = new long[count];
        var index = new int[dims.Count];
        long offset = 0;
        for (var i = 0; i < count; i++)
        {
            offsets[i] = offset;
            for (var d = dims.Count - 1; d >= 0; d--)
            {
                offset += dims[d].Stride;
                if (++index[d] < dims[d].Size)
                {
                    break;
                }

                offset -= dims[d].Stride * dims[d].Size;
                index[d] = 0;
            }
        }

        return offsets;
    }
}
