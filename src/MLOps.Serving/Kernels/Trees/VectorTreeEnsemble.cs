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

    /// <summary>Builds the layout, or returns null when the ensemble does not fit it (mixed or equality modes, deep trees, leaves feeding several targets).</summary>
    public static VectorTreeEnsemble? TryCreate(TreeEnsemble ensemble)
    {
        if (!IsSupported || ensemble.TreeCount == 0)
        {
            return null;
        }

        NodeMode? mode = null;
        for (var i = 0; i < ensemble.Mode.Length; i++)
        {
            var m = ensemble.Mode[i];
            if (m == NodeMode.Leaf)
            {
                if (ensemble.LeafCount[i] > 1)
                {
                    return null;
                }

                continue;
            }

            if (m is NodeMode.Equal or NodeMode.NotEqual || (mode is { } known && known != m) || (double)(float)ensemble.Threshold[i] != ensemble.Threshold[i])
            {
                return null;
            }

            mode = m;
        }

        var depth = Math.Max(1, ensemble.Depth.Max());
        if (depth > MaxDepth)
        {
            return null;
        }

        // Each tree must feed one target, so a lane group's leaves all add to the same score.
        var treeTarget = new int[ensemble.TreeCount];
        for (var t = 0; t < ensemble.TreeCount; t++)
        {
            var target = TreeTarget(ensemble, ensemble.Roots[t]);
            if (target == -2)
            {
                return null;
            }

            treeTarget[t] = Math.Max(target, 0);
        }

        var order = Enumerable.Range(0, ensemble.TreeCount).OrderBy(t => treeTarget[t]).ThenBy(t => t).ToArray();
        var groups = new List<(int Target, List<int> Trees)>();
        foreach (var tree in order)
        {
            if (groups.Count == 0 || groups[^1].Target != treeTarget[tree] || groups[^1].Trees.Count == Lanes)
            {
                groups.Add((treeTarget[tree], []));
            }

            groups[^1].Trees.Add(tree);
        }

        var internalNodes = (1 << depth) - 1;
        var leafCount = 1 << depth;
        var thresholds = GC.AllocateArray<float>(groups.Count * internalNodes * Lanes, pinned: true);
        var features = GC.AllocateArray<int>(groups.Count * internalNodes * Lanes, pinned: true);
        var leaves = GC.AllocateArray<float>(groups.Count * leafCount * Lanes, pinned: true);
        for (var g = 0; g < groups.Count; g++)
        {
            for (var lane = 0; lane < groups[g].Trees.Count; lane++)
            {
                var tree = groups[g].Trees[lane];
                Fill(ensemble, ensemble.Roots[tree], 0, 0, depth, g, lane, thresholds, features, leaves);
            }
        }

        return new VectorTreeEnsemble(depth, mode ?? NodeMode.LessOrEqual, [.. groups.Select(static g => g.Target)], thresholds, features, leaves);
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

    /// <summary>The one target a tree's leaves feed; -1 when it has no weights, -2 when it feeds several.</summary>
    private static int TreeTarget(TreeEnsemble ensemble, int root)
    {
        var target = -1;
        var stack = new Stack<int>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (ensemble.Mode[node] != NodeMode.Leaf)
            {
                stack.Push(ensemble.TrueChild[node]);
                stack.Push(ensemble.FalseChild[node]);
                continue;
            }

            if (ensemble.LeafCount[node] == 1)
            {
                var t = ensemble.WeightTarget[ensemble.LeafStart[node]];
                if (target >= 0 && t != target)
                {
                    return -2;
                }

                target = t;
            }
        }

        return target;
    }

    /// <summary>Writes a subtree at complete-tree position <paramref name="position"/>, padding a shallow leaf.</summary>
    private static void Fill(TreeEnsemble ensemble, int node, int position, int level, int depth, int group, int lane, float[] thresholds, int[] features, float[] leaves)
    {
        var internalNodes = (1 << depth) - 1;
        if (level == depth)
        {
            var value = ensemble.LeafCount[node] == 1 ? (float)ensemble.WeightValue[ensemble.LeafStart[node]] : 0f;
            leaves[(((group * (internalNodes + 1)) + position - internalNodes) * Lanes) + lane] = value;
            return;
        }

        var slot = (((group * internalNodes) + position) * Lanes) + lane;
        if (ensemble.Mode[node] == NodeMode.Leaf)
        {
            // Padding: both children repeat this leaf, so the comparison here is irrelevant.
            thresholds[slot] = 0;
            features[slot] = 0;
            Fill(ensemble, node, (2 * position) + 1, level + 1, depth, group, lane, thresholds, features, leaves);
            Fill(ensemble, node, (2 * position) + 2, level + 1, depth, group, lane, thresholds, features, leaves);
            return;
        }

        thresholds[slot] = (float)ensemble.Threshold[node];
        features[slot] = ensemble.Feature[node] | (ensemble.MissingTracksTrue[node] ? int.MinValue : 0);
        Fill(ensemble, ensemble.TrueChild[node], (2 * position) + 1, level + 1, depth, group, lane, thresholds, features, leaves);
        Fill(ensemble, ensemble.FalseChild[node], (2 * position) + 2, level + 1, depth, group, lane, thresholds, features, leaves);
    }
}
