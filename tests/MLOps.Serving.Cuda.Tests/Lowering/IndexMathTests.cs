using FsCheck;
using FsCheck.Fluent;
using MLOps.Serving.Cuda.Lowering;

namespace MLOps.Serving.Cuda.Tests.Lowering;

/// <summary>
/// The kernels' index arithmetic, run in C# exactly as the CUDA loops run it, against naive references
/// on random shapes: what a kernel reads for every output element is right before any GPU runs it.
/// </summary>
public sealed class IndexMathTests
{
    private const int R = 6;

    [Fact]
    public void Broadcast_offsets_match_numpy_broadcasting()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var output = RandomShape(random, 1, 5);
            var a = Broadcastable(random, output);
            var b = Broadcastable(random, output);
            var s = IndexMath.Broadcast(output, a, b);
            var n = output.Aggregate(1, (x, y) => x * y);
            for (var i = 0; i < n; i++)
            {
                int r = i, ia = 0, ib = 0;
                for (var d = s[0] - 1; d >= 0; --d)
                {
                    var c = r % s[2 + d];
                    r /= s[2 + d];
                    ia += c * s[2 + R + d];
                    ib += c * s[2 + (2 * R) + d];
                }

                var index = Unravel(i, output);
                if (ia != Ravel(index, a) || ib != Ravel(index, b))
                {
                    return false;
                }
            }

            return s[1] == n;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Transpose_reads_the_permuted_element()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var input = RandomShape(random, 1, 6);
            var perm = Enumerable.Range(0, input.Length).OrderBy(_ => random.Next()).ToArray();
            var s = IndexMath.Permutation(input, perm);
            var output = perm.Select(p => input[p]).ToArray();
            for (var i = 0; i < s[1]; i++)
            {
                int r = i, off = 0;
                for (var d = s[0] - 1; d >= 0; --d)
                {
                    var c = r % s[2 + d];
                    r /= s[2 + d];
                    off += c * s[2 + R + d];
                }

                var outIndex = Unravel(i, output);
                var inIndex = new int[input.Length];
                for (var d = 0; d < perm.Length; d++)
                {
                    inIndex[perm[d]] = outIndex[d];
                }

                if (off != Ravel(inIndex, input))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Reductions_visit_exactly_the_reduced_elements_of_each_output()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var input = RandomShape(random, 1, 5);
            var reduced = input.Select(_ => random.Next(2) == 0).ToArray();
            var s = IndexMath.Reduction(input, reduced);
            var values = Enumerable.Range(0, input.Aggregate(1, (x, y) => x * y)).Select(v => (float)v).ToArray();
            var kept = input.Where((_, d) => !reduced[d]).ToArray();
            for (var i = 0; i < s[1]; i++)
            {
                int r = i, baseOffset = 0;
                for (var d = s[0] - 1; d >= 0; --d)
                {
                    var c = r % s[3 + d];
                    r /= s[3 + d];
                    baseOffset += c * s[3 + R + d];
                }

                var sum = 0f;
                for (var k = 0; k < s[2]; k++)
                {
                    int q = k, off = baseOffset;
                    for (var d = s[3 + (2 * R)] - 1; d >= 0; --d)
                    {
                        var c = q % s[3 + (2 * R) + 1 + d];
                        q /= s[3 + (2 * R) + 1 + d];
                        off += c * s[3 + (2 * R) + 1 + R + d];
                    }

                    sum += values[off];
                }

                var keptIndex = Unravel(i, kept);
                var expected = 0f;
                for (var e = 0; e < values.Length; e++)
                {
                    var full = Unravel(e, input);
                    if (full.Where((_, d) => !reduced[d]).SequenceEqual(keptIndex))
                    {
                        expected += values[e];
                    }
                }

                if (sum != expected)
                {
                    return false;
                }
            }

            return s[2] == input.Where((_, d) => reduced[d]).Aggregate(1, (x, y) => x * y);
        }).QuickCheckThrowOnFailure();
    }

    private static int[] RandomShape(Random random, int minRank, int maxRank) =>
        [.. Enumerable.Range(0, random.Next(minRank, maxRank + 1)).Select(_ => random.Next(1, 4))];

    private static int[] Broadcastable(Random random, int[] output)
    {
        var rank = random.Next(0, output.Length + 1);
        return [.. output.Skip(output.Length - rank).Select(d => random.Next(3) == 0 ? 1 : d)];
    }

    private static int[] Unravel(int index, int[] shape)
    {
        var result = new int[shape.Length];
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            result[d] = index % shape[d];
            index /= shape[d];
        }

        return result;
    }

    /// <summary>The flat offset of a (right-aligned, broadcast) index into a tensor of this shape.</summary>
    private static int Ravel(int[] index, int[] shape)
    {
        var offset = 0;
        for (var d = 0; d < shape.Length; d++)
        {
            var i = index[index.Length - shape.Length + d];
            offset = (offset * shape[d]) + (shape[d] == 1 ? 0 : i);
        }

        return offset;
    }
}
