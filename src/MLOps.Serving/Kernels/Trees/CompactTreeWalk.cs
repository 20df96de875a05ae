using System.Runtime.CompilerServices;
using MLOps.Serving.Execution;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// The walk for ensembles the SIMD layouts do not take — trees deeper than 10 (scikit-learn's
/// unbounded forests, LightGBM's unbalanced trees) and leaves feeding several targets (scikit-learn
/// classifiers' class distributions). Each node is one 16-byte record (feature with its
/// missing-value way in the sign bit, float threshold, two children); a leaf points to itself with
/// a NaN threshold, so every tree is walked up to its depth without branches (every fourth step
/// the walk stops once all its rows sit on leaves), eight rows at a time so the eight chains of dependent loads overlap. Rows are taken 256 at a
/// time per pass over the trees, so a tree's nodes stay in cache while the pass's rows walk it.
/// </summary>
/// <remarks>Eligible: one comparison mode (≤, &lt;, ≥, &gt;) and thresholds exact in float.</remarks>
internal sealed unsafe class CompactTreeWalk
{
    private const int Lanes = 8;
    private const int PassRows = 256;

    private readonly CompactNode[] _nodes;
    private readonly TreeEnsemble _ensemble;
    private readonly NodeMode _mode;

    private CompactTreeWalk(TreeEnsemble ensemble, NodeMode mode, CompactNode[] nodes)
    {
        _ensemble = ensemble;
        _mode = mode;
        _nodes = nodes;
    }

    /// <summary>Builds the walk, or returns null for mixed or equality comparisons or thresholds that are not floats.</summary>
    public static CompactTreeWalk? TryCreate(TreeEnsemble ensemble)
    {
        NodeMode? mode = null;
        for (var i = 0; i < ensemble.Mode.Length; i++)
        {
            var m = ensemble.Mode[i];
            if (m == NodeMode.Leaf)
            {
                continue;
            }

            if (m is NodeMode.Equal or NodeMode.NotEqual || (mode is { } known && known != m) || (double)(float)ensemble.Threshold[i] != ensemble.Threshold[i])
            {
                return null;
            }

            mode = m;
        }

        var nodes = GC.AllocateArray<CompactNode>(ensemble.Mode.Length, pinned: true);
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = ensemble.Mode[i] == NodeMode.Leaf
                ? new CompactNode(0, float.NaN, i, i)
                : new CompactNode(ensemble.Feature[i] | (ensemble.MissingTracksTrue[i] ? int.MinValue : 0), (float)ensemble.Threshold[i], ensemble.TrueChild[i], ensemble.FalseChild[i]);
        }

        return new CompactTreeWalk(ensemble, mode ?? NodeMode.LessOrEqual, nodes);
    }

    /// <summary>
    /// Aggregates every tree's leaf weights into <paramref name="scores"/> ([rows, targets],
    /// pre-filled with the aggregate's identity), the passes split across <paramref name="runner"/>'s threads.
    /// </summary>
    public void Accumulate(float* rows, int rowCount, int featureCount, float* scores, int targets, TreeAggregate aggregate, ParallelRunner runner)
    {
        var job = new Job
        {
            Walk = this,
            Rows = rows,
            RowCount = rowCount,
            FeatureCount = featureCount,
            Scores = scores,
            Targets = targets,
            Aggregate = aggregate,
            Stripes = RowStripes.Count(rowCount, PassRows, runner.ThreadCount),
        };

        // The job lives on this frame until every stripe is done (For runs a single stripe inline),
        // and the GC reports its walk field from here, so the workers may read it through the pointer.
#pragma warning disable CS8500
        runner.For(job.Stripes, &RunStripe, &job);
    }

    private static void RunStripe(void* state, int stripe)
    {
        var job = (Job*)state;
        var (firstPass, endPass) = RowStripes.Passes(job->RowCount, PassRows, job->Stripes, stripe);
        var first = firstPass * PassRows;
        var last = Math.Min(job->RowCount, endPass * PassRows);
        if (first >= last)
        {
            return;
        }

        var walk = job->Walk;
        var rows = job->Rows + ((long)first * job->FeatureCount);
        var scores = job->Scores + ((long)first * job->Targets);
        switch (walk._mode)
        {
            case NodeMode.Less: walk.Accumulate<Less>(rows, last - first, job->FeatureCount, scores, job->Targets, job->Aggregate); break;
            case NodeMode.GreaterOrEqual: walk.Accumulate<GreaterOrEqual>(rows, last - first, job->FeatureCount, scores, job->Targets, job->Aggregate); break;
            case NodeMode.Greater: walk.Accumulate<Greater>(rows, last - first, job->FeatureCount, scores, job->Targets, job->Aggregate); break;
            default: walk.Accumulate<LessOrEqual>(rows, last - first, job->FeatureCount, scores, job->Targets, job->Aggregate); break;
        }
    }
#pragma warning restore CS8500

    private void Accumulate<TComparison>(float* rows, int rowCount, int featureCount, float* scores, int targets, TreeAggregate aggregate)
        where TComparison : struct, IComparison
    {
        var lanes = stackalloc float*[Lanes];
        var reached = stackalloc int[Lanes];
        var e = _ensemble;
        fixed (CompactNode* nodes = _nodes)
        {
            for (var pass = 0; pass < rowCount; pass += PassRows)
            {
                var passEnd = Math.Min(rowCount, pass + PassRows);
                for (var tree = 0; tree < e.TreeCount; tree++)
                {
                    for (var start = pass; start < passEnd; start += Lanes)
                    {
                        var count = Math.Min(Lanes, passEnd - start);
                        for (var l = 0; l < Lanes; l++)
                        {
                            // A short last group repeats its first row; only the real rows are scored.
                            lanes[l] = rows + ((long)(start + (l < count ? l : 0)) * featureCount);
                        }

                        Walk<TComparison>(nodes, e.Roots[tree], e.Depth[tree], lanes, reached);
                        for (var l = 0; l < count; l++)
                        {
                            e.AddLeaf(reached[l], scores + ((long)(start + l) * targets), aggregate);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Walks eight rows down one tree, at most <paramref name="depth"/> steps (leaves loop on themselves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Walk<TComparison>(CompactNode* nodes, int root, int depth, float** lanes, int* reached)
        where TComparison : struct, IComparison
    {
        int n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
        for (var step = 0; step < depth; step++)
        {
            // Every fourth step, stop once all eight rows sit on leaves (a leaf is its own child).
            if ((step & 3) == 3 && IsLeaf(nodes, n0) & IsLeaf(nodes, n1) & IsLeaf(nodes, n2) & IsLeaf(nodes, n3)
                & IsLeaf(nodes, n4) & IsLeaf(nodes, n5) & IsLeaf(nodes, n6) & IsLeaf(nodes, n7))
            {
                break;
            }

            n0 = Step<TComparison>(nodes + n0, lanes[0]);
            n1 = Step<TComparison>(nodes + n1, lanes[1]);
            n2 = Step<TComparison>(nodes + n2, lanes[2]);
            n3 = Step<TComparison>(nodes + n3, lanes[3]);
            n4 = Step<TComparison>(nodes + n4, lanes[4]);
            n5 = Step<TComparison>(nodes + n5, lanes[5]);
            n6 = Step<TComparison>(nodes + n6, lanes[6]);
            n7 = Step<TComparison>(nodes + n7, lanes[7]);
        }

        reached[0] = n0;
        reached[1] = n1;
        reached[2] = n2;
        reached[3] = n3;
        reached[4] = n4;
        reached[5] = n5;
        reached[6] = n6;
        reached[7] = n7;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLeaf(CompactNode* nodes, int node) => nodes[node].TrueChild == node;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step<TComparison>(CompactNode* node, float* row)
        where TComparison : struct, IComparison
    {
        var word = node->Feature;
        var x = row[word & int.MaxValue];
        var condition = TComparison.Holds(x, node->Threshold) | (float.IsNaN(x) & word < 0);

        // Select without a branch: the comparison is a coin toss the predictor cannot learn.
        var mask = -(int)Unsafe.BitCast<bool, byte>(condition);
        return (node->TrueChild & mask) | (node->FalseChild & ~mask);
    }

    /// <summary>One call's arguments, shared by its stripes.</summary>
    private struct Job
    {
        public CompactTreeWalk Walk;
        public float* Rows;
        public int RowCount;
        public int FeatureCount;
        public float* Scores;
        public int Targets;
        public TreeAggregate Aggregate;
        public int Stripes;
    }

    /// <summary>One node record: feature (sign bit: a missing value goes to the true child), threshold, children.</summary>
    private readonly record struct CompactNode(int Feature, float Threshold, int TrueChild, int FalseChild);

    private interface IComparison
    {
        static abstract bool Holds(float x, float threshold);
    }

    private readonly struct LessOrEqual : IComparison
    {
        public static bool Holds(float x, float threshold) => x <= threshold;
    }

    private readonly struct Less : IComparison
    {
        public static bool Holds(float x, float threshold) => x < threshold;
    }

    private readonly struct GreaterOrEqual : IComparison
    {
        public static bool Holds(float x, float threshold) => x >= threshold;
    }

    private readonly struct Greater : IComparison
    {
        public static bool Holds(float x, float threshold) => x > threshold;
    }
}
