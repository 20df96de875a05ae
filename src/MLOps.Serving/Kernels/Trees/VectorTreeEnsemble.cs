using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// A tree ensemble re-laid for SIMD traversal: every tree padded to a complete binary tree of the
/// ensemble's depth (a shallow leaf becomes a subtree whose leaves all carry its value, so the
/// padding comparisons cannot change the result), trees grouped eight to a vector lane set by
/// target, and node data stored [group][node position][lane]. One row walks eight trees per
/// vector: features are looked up with a permute (up to 32 features) or a gather, thresholds and
/// node words with gathers, and the child position is <c>2p + 1</c> or <c>2p + 2</c>. Four groups
/// are walked together to overlap their gather latencies; rows are taken a block at a time per
/// chunk of trees so the chunk's nodes stay in cache.
/// </summary>
internal sealed unsafe class VectorTreeEnsemble
{
    private const int Lanes = 8;
    private const int MaxDepth = 10;
    private const int RowBlock = 64;

    private readonly float[] _thresholds;
    private readonly int[] _features;
    private readonly float[] _leaves;
    private readonly int[] _groupTarget;
    private readonly int _depth;
    private readonly int _internalNodes;
    private readonly NodeMode _mode;

    private VectorTreeEnsemble(int depth, NodeMode mode, int[] groupTarget, float[] thresholds, int[] features, float[] leaves)
    {
        _depth = depth;
        _mode = mode;
        _groupTarget = groupTarget;
        _thresholds = thresholds;
        _features = features;
        _leaves = leaves;
        _internalNodes = (1 << depth) - 1;
    }

    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Builds the traversal, or returns null when the CPU lacks AVX2/FMA or the ensemble does not fit the layout (see <see cref="VectorTreeLayout.TryBuild"/>).</summary>
    public static VectorTreeEnsemble? TryCreate(TreeEnsemble ensemble)
    {
        if (!IsSupported || ensemble.TreeCount == 0)
        {
            return null;
        }

        var layout = VectorTreeLayout.TryBuild(ensemble, Lanes, MaxDepth);
        return layout is null ? null : new VectorTreeEnsemble(layout.Depth, layout.Mode, layout.GroupTarget, layout.Thresholds, layout.Features, layout.Leaves);
    }

    /// <summary>Adds every tree's leaf weight to its target's score: <paramref name="scores"/> is [rows, targets].</summary>
    public void Accumulate(float* rows, int rowCount, int featureCount, float* scores, int targets)
    {
        var padded = stackalloc float[RowBlock * 32];
        var permute = Avx512F.IsSupported && featureCount <= 32;
        fixed (float* thresholds = _thresholds)
        fixed (int* features = _features)
        fixed (float* leaves = _leaves)
        {
            for (var start = 0; start < rowCount; start += RowBlock)
            {
                var count = Math.Min(RowBlock, rowCount - start);
                if (permute)
                {
                    // Rows padded to 32 features so two registers hold a whole row.
                    new Span<float>(padded, count * 32).Clear();
                    for (var r = 0; r < count; r++)
                    {
                        Buffer.MemoryCopy(rows + ((long)(start + r) * featureCount), padded + (r * 32), 32 * sizeof(float), featureCount * sizeof(float));
                    }
                }

                for (var g = 0; g < _groupTarget.Length; g += 4)
                {
                    var groupCount = Math.Min(4, _groupTarget.Length - g);
                    for (var r = 0; r < count; r++)
                    {
                        var row = permute ? padded + (r * 32) : rows + ((long)(start + r) * featureCount);
                        var score = scores + ((long)(start + r) * targets);
                        if (permute)
                        {
                            WalkPermute(row, g, groupCount, thresholds, features, leaves, score);
                        }
                        else
                        {
                            WalkGather(row, g, groupCount, thresholds, features, leaves, score);
                        }
                    }
                }
            }
        }
    }

    private void WalkPermute(float* row, int g, int groupCount, float* thresholds, int* features, float* leaves, float* score)
    {
        var low = Vector512.Load(row);
        var high = Vector512.Load(row + 16);
        var stride = _internalNodes * Lanes;
        var t = thresholds + ((long)g * stride);
        var f = features + ((long)g * stride);
        var p0 = TopPermute(t, f, low, high);
        var p1 = groupCount > 1 ? TopPermute(t + stride, f + stride, low, high) : default;
        var p2 = groupCount > 2 ? TopPermute(t + (2 * stride), f + (2 * stride), low, high) : default;
        var p3 = groupCount > 3 ? TopPermute(t + (3 * stride), f + (3 * stride), low, high) : default;
        for (var level = 2; level < _depth; level++)
        {
            p0 = StepPermute(p0, t, f, low, high);
            if (groupCount > 1)
            {
                p1 = StepPermute(p1, t + stride, f + stride, low, high);
            }

            if (groupCount > 2)
            {
                p2 = StepPermute(p2, t + (2 * stride), f + (2 * stride), low, high);
            }

            if (groupCount > 3)
            {
                p3 = StepPermute(p3, t + (3 * stride), f + (3 * stride), low, high);
            }
        }

        AddLeaves(g, groupCount, leaves, score, p0, p1, p2, p3);
    }

    private void WalkGather(float* row, int g, int groupCount, float* thresholds, int* features, float* leaves, float* score)
    {
        var stride = _internalNodes * Lanes;
        var t = thresholds + ((long)g * stride);
        var f = features + ((long)g * stride);
        var p0 = TopGather(t, f, row);
        var p1 = groupCount > 1 ? TopGather(t + stride, f + stride, row) : default;
        var p2 = groupCount > 2 ? TopGather(t + (2 * stride), f + (2 * stride), row) : default;
        var p3 = groupCount > 3 ? TopGather(t + (3 * stride), f + (3 * stride), row) : default;
        for (var level = 2; level < _depth; level++)
        {
            p0 = StepGather(p0, t, f, row);
            if (groupCount > 1)
            {
                p1 = StepGather(p1, t + stride, f + stride, row);
            }

            if (groupCount > 2)
            {
                p2 = StepGather(p2, t + (2 * stride), f + (2 * stride), row);
            }

            if (groupCount > 3)
            {
                p3 = StepGather(p3, t + (3 * stride), f + (3 * stride), row);
            }
        }

        AddLeaves(g, groupCount, leaves, score, p0, p1, p2, p3);
    }

    /// <summary>
    /// Levels 0 and 1 without gathers: every lane starts at the root (one contiguous load), and
    /// after one step is at position 1 or 2 (two loads and a blend).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<int> TopPermute(float* thresholds, int* features, Vector512<float> low, Vector512<float> high)
    {
        var word = Vector256.Load(features);
        var x = Avx512F.PermuteVar16x32x2(low, Vector512.Create(word, word), high).GetLower();
        var position = Next(Vector256<int>.Zero, x, Vector256.Load(thresholds), word);
        if (_depth == 1)
        {
            return position;
        }

        var second = Vector256.Equals(position, Vector256.Create(2));
        word = Vector256.ConditionalSelect(second, Vector256.Load(features + (2 * Lanes)), Vector256.Load(features + Lanes));
        var threshold = Vector256.ConditionalSelect(second.AsSingle(), Vector256.Load(thresholds + (2 * Lanes)), Vector256.Load(thresholds + Lanes));
        x = Avx512F.PermuteVar16x32x2(low, Vector512.Create(word, word), high).GetLower();
        return Next(position, x, threshold, word);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<int> TopGather(float* thresholds, int* features, float* row)
    {
        var mask = Vector256.Create(int.MaxValue);
        var word = Vector256.Load(features);
        var x = Avx2.GatherVector256(row, word & mask, 4);
        var position = Next(Vector256<int>.Zero, x, Vector256.Load(thresholds), word);
        if (_depth == 1)
        {
            return position;
        }

        var second = Vector256.Equals(position, Vector256.Create(2));
        word = Vector256.ConditionalSelect(second, Vector256.Load(features + (2 * Lanes)), Vector256.Load(features + Lanes));
        var threshold = Vector256.ConditionalSelect(second.AsSingle(), Vector256.Load(thresholds + (2 * Lanes)), Vector256.Load(thresholds + Lanes));
        x = Avx2.GatherVector256(row, word & mask, 4);
        return Next(position, x, threshold, word);
    }

    private void AddLeaves(int g, int groupCount, float* leaves, float* score, Vector256<int> p0, Vector256<int> p1, Vector256<int> p2, Vector256<int> p3)
    {
        var leafStride = (_internalNodes + 1) * Lanes;
        var first = Leaf(p0, leaves + ((long)g * leafStride));
        if (groupCount == 4 && _groupTarget[g] == _groupTarget[g + 3])
        {
            // All four groups feed one target (sorted by target): add the vectors, then one horizontal sum.
            var sum = (first + Leaf(p1, leaves + ((long)(g + 1) * leafStride))) + (Leaf(p2, leaves + ((long)(g + 2) * leafStride)) + Leaf(p3, leaves + ((long)(g + 3) * leafStride)));
            score[_groupTarget[g]] += Vector256.Sum(sum);
            return;
        }

        score[_groupTarget[g]] += Vector256.Sum(first);
        if (groupCount > 1)
        {
            score[_groupTarget[g + 1]] += Vector256.Sum(Leaf(p1, leaves + ((long)(g + 1) * leafStride)));
        }

        if (groupCount > 2)
        {
            score[_groupTarget[g + 2]] += Vector256.Sum(Leaf(p2, leaves + ((long)(g + 2) * leafStride)));
        }

        if (groupCount > 3)
        {
            score[_groupTarget[g + 3]] += Vector256.Sum(Leaf(p3, leaves + ((long)(g + 3) * leafStride)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> Leaf(Vector256<int> position, float* leaves)
    {
        var index = ((position - Vector256.Create(_internalNodes)) << 3) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        return Avx2.GatherVector256(leaves, index, 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<int> StepPermute(Vector256<int> position, float* thresholds, int* features, Vector512<float> low, Vector512<float> high)
    {
        var index = (position << 3) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var word = Avx2.GatherVector256(features, index, 4);
        var threshold = Avx2.GatherVector256(thresholds, index, 4);
        var x = Avx512F.PermuteVar16x32x2(low, Vector512.Create(word, word), high).GetLower();
        return Next(position, x, threshold, word);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<int> StepGather(Vector256<int> position, float* thresholds, int* features, float* row)
    {
        var index = (position << 3) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var word = Avx2.GatherVector256(features, index, 4);
        var threshold = Avx2.GatherVector256(thresholds, index, 4);
        var x = Avx2.GatherVector256(row, word & Vector256.Create(int.MaxValue), 4);
        return Next(position, x, threshold, word);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<int> Next(Vector256<int> position, Vector256<float> x, Vector256<float> threshold, Vector256<int> word)
    {
        var holds = _mode switch
        {
            NodeMode.LessOrEqual => Avx.Compare(x, threshold, FloatComparisonMode.OrderedLessThanOrEqualNonSignaling),
            NodeMode.Less => Avx.Compare(x, threshold, FloatComparisonMode.OrderedLessThanNonSignaling),
            NodeMode.GreaterOrEqual => Avx.Compare(x, threshold, FloatComparisonMode.OrderedGreaterThanOrEqualNonSignaling),
            _ => Avx.Compare(x, threshold, FloatComparisonMode.OrderedGreaterThanNonSignaling),
        };

        // A missing value (NaN) takes the true branch where the node's word has its top bit set.
        var missing = Avx.Compare(x, x, FloatComparisonMode.UnorderedNonSignaling).AsInt32() & word;
        var condition = holds.AsInt32() | Vector256.ShiftRightArithmetic(missing, 31);
        return (position << 1) + Vector256.Create(2) + condition;
    }
}
