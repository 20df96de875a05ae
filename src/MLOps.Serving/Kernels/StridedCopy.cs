using MLOps.Serving.Graph;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Kernels;

/// <summary>
/// Copies a strided view of a source into a dense destination: the engine behind Transpose, Slice,
/// Expand and Tile. Dimensions are merged where the view is contiguous, and the innermost run is
/// copied as a block when its source stride is 1.
/// </summary>
internal sealed unsafe class StridedCopy
{
    private readonly int[] _sizes;
    private readonly long[] _strides;
    private readonly long _offset;
    private readonly int _count;

    private StridedCopy(int[] sizes, long[] strides, long offset)
    {
        // Merge adjacent dimensions that step through the source contiguously.
        var mergedSizes = new List<int>();
        var mergedStrides = new List<long>();
        for (var i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] == 1)
            {
                continue;
            }

            if (mergedSizes.Count > 0 && mergedStrides[^1] == strides[i] * sizes[i])
            {
                mergedSizes[^1] *= sizes[i];
                mergedStrides[^1] = strides[i];
            }
            else
            {
                mergedSizes.Add(sizes[i]);
                mergedStrides.Add(strides[i]);
            }
        }

        _sizes = [.. mergedSizes];
        _strides = [.. mergedStrides];
        _offset = offset;
        _count = ShapeMath.ElementCount(sizes);
    }

    /// <summary>Output element [i0, i1, …] comes from source offset <c>offset + Σ ik·strides[k]</c>.</summary>
    public static StridedCopy Create(int[] outputShape, long[] sourceStrides, long sourceOffset) => new(outputShape, sourceStrides, sourceOffset);

    public static StridedCopy ForPermutation(int[] inputShape, int[] perm)
    {
        Span<long> inputStrides = stackalloc long[inputShape.Length];
        ShapeMath.Strides(inputShape, inputStrides);
        var sizes = new int[perm.Length];
        var strides = new long[perm.Length];
        for (var i = 0; i < perm.Length; i++)
        {
            sizes[i] = inputShape[perm[i]];
            strides[i] = inputStrides[perm[i]];
        }

        return new StridedCopy(sizes, strides, 0);
    }

    /// <summary>Broadcasts a source shape to an output shape (numpy rules, source right-aligned).</summary>
    public static StridedCopy ForBroadcast(int[] sourceShape, int[] outputShape)
    {
        Span<long> sourceStrides = stackalloc long[sourceShape.Length];
        ShapeMath.Strides(sourceShape, sourceStrides);
        var strides = new long[outputShape.Length];
        var shift = outputShape.Length - sourceShape.Length;
        for (var i = 0; i < sourceShape.Length; i++)
        {
            strides[i + shift] = sourceShape[i] == 1 ? 0 : sourceStrides[i];
        }

        return new StridedCopy(outputShape, strides, 0);
    }

    public void Run(in SlotView source, in SlotView destination)
    {
        if (_count == 0)
        {
            return;
        }

        var rank = _sizes.Length;
        if (rank == 0)
        {
            ElementCopy.Copy(source, _offset, destination, 0, 1);
            return;
        }

        var size = ElementCopy.SizeOf(source.Type);
        var inner = _sizes[rank - 1];
        var innerStride = _strides[rank - 1];
        Span<int> index = stackalloc int[rank];
        var sourceOffset = _offset;
        long written = 0;
        while (written < _count)
        {
            if (innerStride == 1)
            {
                ElementCopy.Copy(source, sourceOffset, destination, written, inner);
            }
            else if (innerStride == 0 && size > 0)
            {
                Fill(source, sourceOffset, destination, written, inner, size);
            }
            else
            {
                var s = sourceOffset;
                for (var i = 0; i < inner; i++, s += innerStride)
                {
                    ElementCopy.CopyOne(source, s, destination, written + i, size);
                }
            }

            written += inner;
            for (var d = rank - 2; d >= 0; d--)
            {
                sourceOffset += _strides[d];
                if (++index[d] < _sizes[d])
                {
                    break;
                }

                sourceOffset -= _strides[d] * _sizes[d];
                index[d] = 0;
            }
        }
    }

    private static void Fill(in SlotView source, long sourceIndex, in SlotView destination, long destinationIndex, int count, int size)
    {
        var from = source.Pointer + (sourceIndex * size);
        var to = destination.Pointer + (destinationIndex * size);
        switch (size)
        {
            case 4: new Span<int>(to, count).Fill(*(int*)from); break;
            case 8: new Span<long>(to, count).Fill(*(long*)from); break;
            case 2: new Span<short>(to, count).Fill(*(short*)from); break;
            default: new Span<byte>(to, count).Fill(*from); break;
        }
    }
}
