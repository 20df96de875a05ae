using MLOps.Serving.Cuda.Kernels;
using MLOps.Serving.Graph;

namespace MLOps.Serving.Cuda.Lowering;

/// <summary>
/// The int arrays the kernels receive as by-value structs (see the <c>Bcast</c>, <c>Perm</c> and <c>Red</c>
/// structs in <see cref="CudaKernelSources"/>): output dimensions and, per operand, the element stride
/// that each output coordinate advances (0 along a broadcast dimension).
/// </summary>
internal static class IndexMath
{
    private const int R = CudaKernelSources.MaxRank;

    /// <summary><c>{ rank, n, dims[6], strideA[6], strideB[6] }</c> for a broadcasting binary op; equal shapes collapse to rank 1.</summary>
    public static int[] Broadcast(int[] output, int[] a, int[] b)
    {
        var n = ShapeMath.ElementCount(output);
        var result = new int[2 + (3 * R)];
        if (a.AsSpan().SequenceEqual(output) && b.AsSpan().SequenceEqual(output))
        {
            result[0] = 1;
            result[1] = n;
            result[2] = Math.Max(n, 1);
            result[2 + R] = 1;
            result[2 + (2 * R)] = 1;
            return result;
        }

        var rank = output.Length;
        result[0] = rank;
        result[1] = n;
        var sa = AlignedStrides(a, rank);
        var sb = AlignedStrides(b, rank);
        for (var d = 0; d < rank; d++)
        {
            result[2 + d] = output[d];
            result[2 + R + d] = sa[d];
            result[2 + (2 * R) + d] = sb[d];
        }

        return result;
    }

    /// <summary><c>{ rank, n, dims[6], strides[6] }</c>: output dims and the input stride each output dim walks.</summary>
    public static int[] Permutation(int[] input, int[] perm)
    {
        var strides = Strides(input);
        var result = new int[2 + (2 * R)];
        result[0] = input.Length;
        result[1] = ShapeMath.ElementCount(input);
        for (var d = 0; d < input.Length; d++)
        {
            var source = perm[d] < 0 ? perm[d] + input.Length : perm[d];
            result[2 + d] = input[source];
            result[2 + R + d] = strides[source];
        }

        return result;
    }

    /// <summary><c>{ rank, n, count, dims[6], strides[6], rrank, rdims[6], rstrides[6] }</c> for a reduction.</summary>
    public static int[] Reduction(int[] input, bool[] reduced)
    {
        var strides = Strides(input);
        var result = new int[3 + (2 * R) + 1 + (2 * R)];
        var n = 1;
        var count = 1;
        var rrank = 0;
        result[0] = input.Length;
        for (var d = 0; d < input.Length; d++)
        {
            result[3 + d] = reduced[d] ? 1 : input[d];
            result[3 + R + d] = strides[d];
            if (reduced[d])
            {
                result[3 + (2 * R) + 1 + rrank] = input[d];
                result[3 + (2 * R) + 1 + R + rrank] = strides[d];
                rrank++;
                count *= input[d];
            }
            else
            {
                n *= input[d];
            }
        }

        result[1] = n;
        result[2] = count;
        result[3 + (2 * R)] = rrank;
        return result;
    }

    /// <summary>Row-major element strides.</summary>
    public static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        var stride = 1;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        return strides;
    }

    /// <summary>Strides of <paramref name="shape"/> right-aligned to <paramref name="rank"/>, 0 where it broadcasts.</summary>
    public static int[] AlignedStrides(int[] shape, int rank)
    {
        var own = Strides(shape);
        var result = new int[rank];
        for (var d = 0; d < rank; d++)
        {
            var source = d - (rank - shape.Length);
            result[d] = source < 0 || shape[source] == 1 ? 0 : own[source];
        }

        return result;
    }
}
