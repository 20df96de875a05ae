namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// A tree ensemble laid out flat, structure of arrays: per node its feature, threshold, mode,
/// children (global indices) and missing-value direction; per leaf a run of (target, weight) pairs.
/// Built and validated once by <see cref="TreeEnsembleBuilder"/>; immutable afterwards.
/// </summary>
internal sealed class TreeEnsemble
{
    public required int[] Roots { get; init; }

    public required int[] Feature { get; init; }

    public required double[] Threshold { get; init; }

    public required NodeMode[] Mode { get; init; }

    public required int[] TrueChild { get; init; }

    public required int[] FalseChild { get; init; }

    public required bool[] MissingTracksTrue { get; init; }

    /// <summary>For leaves: the first of their weights in <see cref="WeightTarget"/> and <see cref="WeightValue"/>.</summary>
    public required int[] LeafStart { get; init; }

    public required int[] LeafCount { get; init; }

    public required int[] WeightTarget { get; init; }

    public required double[] WeightValue { get; init; }

    /// <summary>Each tree's depth (a single leaf has depth 0).</summary>
    public required int[] Depth { get; init; }

    public int TargetCount { get; init; }

    /// <summary>The largest feature index any node reads.</summary>
    public int MaxFeature { get; init; }

    public int TreeCount => Roots.Length;

    /// <summary>Aggregates leaf <paramref name="leaf"/>'s weights into <paramref name="score"/> (one float per target).</summary>
    public unsafe void AddLeaf(int leaf, float* score, TreeAggregate aggregate)
    {
        var end = LeafStart[leaf] + LeafCount[leaf];
        for (var w = LeafStart[leaf]; w < end; w++)
        {
            ref var target = ref score[WeightTarget[w]];
            var value = (float)WeightValue[w];
            target = aggregate switch
            {
                TreeAggregate.Min => Math.Min(target, value),
                TreeAggregate.Max => Math.Max(target, value),
                _ => target + value,
            };
        }
    }

    /// <summary>Walks one tree for one row and returns the leaf reached.</summary>
    public int Leaf(int tree, ReadOnlySpan<double> row)
    {
        var node = Roots[tree];
        while (Mode[node] != NodeMode.Leaf)
        {
            var x = row[Feature[node]];
            var threshold = Threshold[node];
            bool condition;
            if (double.IsNaN(x))
            {
                condition = MissingTracksTrue[node];
            }
            else
            {
                condition = Mode[node] switch
                {
                    NodeMode.LessOrEqual => x <= threshold,
                    NodeMode.Less => x < threshold,
                    NodeMode.GreaterOrEqual => x >= threshold,
                    NodeMode.Greater => x > threshold,
                    NodeMode.Equal => x == threshold,
                    _ => x != threshold,
                };
            }

            node = condition ? TrueChild[node] : FalseChild[node];
        }

        return node;
    }
}
