using System.Runtime.CompilerServices;
using MLOps.Serving.Execution;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// A tree ensemble traversed with rows in SIMD lanes, 32 rows per register, on AVX-512. Feature
/// values are first replaced by their 16-bit rank among each feature's thresholds
/// (<see cref="FeatureRanks"/>), so every comparison is one integer subtraction. Every tree is
/// padded to a complete tree (<see cref="VectorTreeLayout"/> with one tree per group); its top five
/// levels are evaluated whole, node by node, and its lower levels (up to depth 10) select each
/// row's node from permute tables and its feature value from the block's 32 (or 64) columns. Leaf
/// values are selected by permutes as well (gathered only past 256 leaves). Rows are taken 128 at a time
/// (four blocks) per pass over the trees, so each tree's tables are read once per pass.
/// </summary>
/// <remarks>
/// Eligible: one comparison mode, trees of depth ≤ 10 feeding one target each, thresholds exact in
/// float, features 0–63 (a 64-column select costs twice the 32-column one), at most 16,383
/// distinct thresholds per feature, AVX-512 BW. A missing value (NaN) takes each node's own
/// missing-value way; passes without one skip that check.
/// </remarks>
internal sealed unsafe class RankedTreeEnsemble
{
    /// <summary>The deepest tree the lower-level tables hold.</summary>
    public const int MaxDepth = 10;

    /// <summary>Rows per block.</summary>
    public const int BlockRows = FeatureRanks.BlockRows;

    /// <summary>Blocks per pass over the trees.</summary>
    public const int BlocksPerPass = 4;

    /// <summary>Rows per pass over the trees.</summary>
    public const int PassRows = BlocksPerPass * BlockRows;

    private const int MaxTopDepth = 5;
    private const int TopStride = TopLevels.Directions + 32;

    private readonly FeatureRanks _ranks;
    private readonly int _depth;
    private readonly int _topDepth;
    private readonly int _trees;
    private readonly int _leafStride;
    private readonly int _tableStride;
    private readonly bool _wide;
    private readonly int _blockBytes;
    private readonly int[] _treeTarget;
    private readonly AlignedBuffer _memory;
    private readonly int* _top;
    private readonly LevelTables _tables;
    private readonly float* _leaves;

    private RankedTreeEnsemble(VectorTreeLayout layout, List<float[]> thresholds)
    {
        _depth = layout.Depth;
        _topDepth = Math.Min(_depth, MaxTopDepth);
        _trees = layout.GroupTarget.Length;
        _treeTarget = layout.GroupTarget;
        var inclusive = layout.Mode is NodeMode.Less or NodeMode.GreaterOrEqual;
        var reversed = layout.Mode is NodeMode.GreaterOrEqual or NodeMode.Greater;
        _ranks = new FeatureRanks(thresholds, inclusive, reversed);
        _leafStride = Math.Max(32, 1 << _depth);

        // Lower levels k = 5 … depth − 1, level k at 2^k − 32, plus room for a full-width load past the last.
        _tableStride = Math.Max(256, 1 << _depth);
        _wide = thresholds.Count > 32;
        _blockBytes = (_wide ? 64 : 32) * BlockRows * sizeof(ushort);
        var topBytes = (long)_trees * TopStride * sizeof(int);
        var tableBytes = (long)_trees * _tableStride * sizeof(ushort);
        _memory = new AlignedBuffer(topBytes + (3 * tableBytes) + ((long)_trees * _leafStride * sizeof(float)));
        _top = (int*)_memory.Pointer;
        _tables = new LevelTables((ushort*)(_memory.Pointer + topBytes), (ushort*)(_memory.Pointer + topBytes + tableBytes), (ushort*)(_memory.Pointer + topBytes + (2 * tableBytes)), _tableStride);
        _leaves = (float*)(_memory.Pointer + topBytes + (3 * tableBytes));
        var internalNodes = (1 << _depth) - 1;
        for (var t = 0; t < _trees; t++)
        {
            for (var node = 0; node < internalNodes; node++)
            {
                var word = layout.Features[(t * internalNodes) + node];
                var feature = word & int.MaxValue;

                // A missing value takes the true (first) child where the node's word has its top bit set.
                var secondWhenMissing = word >= 0;
                var threshold = layout.Thresholds[(t * internalNodes) + node];
                var encoded = _ranks.EncodeThreshold(feature, Array.BinarySearch(thresholds[feature], threshold));
                var level = 31 - int.LeadingZeroCount(node + 1);
                if (level < _topDepth)
                {
                    _top[(t * TopStride) + (2 * node)] = encoded * 0x10001;
                    _top[(t * TopStride) + (2 * node) + 1] = feature * FeatureRanks.BlockRows * sizeof(ushort);
                    _top[(t * TopStride) + TopLevels.Directions + node] = secondWhenMissing ? -1 : 0;
                }
                else
                {
                    // Lower levels: level k at 2^k − 32 (5 at 0, 6 at 32, 7 at 96, …), indexed by position on the level.
                    var slot = (t * _tableStride) + ((1 << level) - 32) + (node + 1 - (1 << level));
                    _tables.Features[slot] = (ushort)feature;
                    _tables.Thresholds[slot] = encoded;
                    _tables.Directions[slot] = secondWhenMissing ? ushort.MaxValue : (ushort)0;
                }
            }

            for (var leaf = 0; leaf <= internalNodes; leaf++)
            {
                _leaves[(t * _leafStride) + leaf] = layout.Leaves[(t * (internalNodes + 1)) + leaf];
            }
        }
    }

    /// <summary>Whether the CPU has what the kernels use (AVX-512 F and BW; AVX2 gathers for ranking).</summary>
    public static bool IsSupported => Avx512BW.IsSupported && Avx512F.IsSupported && Avx2.IsSupported;

    /// <summary>Builds the traversal, or returns null when the CPU or the ensemble does not fit it (see the remarks).</summary>
    public static RankedTreeEnsemble? TryCreate(TreeEnsemble ensemble)
    {
        if (!IsSupported || ensemble.TreeCount == 0 || ensemble.MaxFeature >= FeatureRanks.MaxColumns)
        {
            return null;
        }

        var layout = VectorTreeLayout.TryBuild(ensemble, lanes: 1, MaxDepth);
        if (layout is null)
        {
            return null;
        }

        var features = Math.Max(ensemble.MaxFeature + 1, 1);
        var distinct = new SortedSet<float>[features];
        for (var f = 0; f < features; f++)
        {
            distinct[f] = [];
        }

        for (var i = 0; i < layout.Features.Length; i++)
        {
            distinct[layout.Features[i] & int.MaxValue].Add(layout.Thresholds[i]);
        }

        if (distinct.Any(static d => d.Count > FeatureRanks.MaxThresholds))
        {
            return null;
        }

        return new RankedTreeEnsemble(layout, [.. distinct.Select(static d => d.ToArray())]);
    }

    /// <summary>Scratch bytes <see cref="Accumulate"/> needs for a call in <paramref name="stripes"/> stripes.</summary>
    public long ScratchBytes(int targets, int stripes) => 64 + (stripes * StripeBytes(targets));

    /// <summary>
    /// Adds every tree's leaf value to its target's score, <paramref name="scores"/> being
    /// [rows, targets], the rows split into <paramref name="stripes"/> contiguous shares run on
    /// <paramref name="runner"/>.
    /// </summary>
    public void Accumulate(float* rows, int rowCount, int featureCount, float* scores, int targets, byte* scratch, int stripes, ParallelRunner runner)
    {
        var aligned = (byte*)(((nint)scratch + 63) & ~(nint)63);
        var job = new Job
        {
            Ensemble = this,
            Rows = rows,
            RowCount = rowCount,
            FeatureCount = featureCount,
            Scores = scores,
            Targets = targets,
            Scratch = aligned,
            StripeBytes = StripeBytes(targets),
            Stripes = stripes,
        };
        // The job lives on this frame until every stripe is done (For runs a single stripe inline),
        // and the GC reports its ensemble field from here, so the workers may read it through the pointer.
#pragma warning disable CS8500
        runner.For(stripes, &RunStripe, &job);
#pragma warning restore CS8500
    }

    private long StripeBytes(int targets) =>
        ((long)BlocksPerPass * _blockBytes)
        + ((long)FeatureRanks.MaxColumns * BlockRows * sizeof(float))
        + ((long)_trees * BlocksPerPass * 64)
        + ((long)targets * PassRows * sizeof(float));

#pragma warning disable CS8500 // see Accumulate
    private static void RunStripe(void* state, int stripe)
    {
        var job = (Job*)state;
        var (first, end) = RowStripes.Passes(job->RowCount, PassRows, job->Stripes, stripe);
        job->Ensemble.AccumulatePasses(job, first, end, job->Scratch + (stripe * job->StripeBytes));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulatePasses(Job* job, int firstPass, int lastPass, byte* scratch)
    {
        var columns = scratch;
        var transposed = (float*)(columns + (BlocksPerPass * _blockBytes));
        var positions = (Vector512<ushort>*)(transposed + (FeatureRanks.MaxColumns * BlockRows));
        var accumulators = (float*)(positions + ((long)_trees * BlocksPerPass));
        var targets = job->Targets;
        for (var pass = firstPass; pass < lastPass; pass++)
        {
            var start = pass * PassRows;
            var count = Math.Min(PassRows, job->RowCount - start);
            var blocks = (count + BlockRows - 1) / BlockRows;
            uint missing = 0;
            for (var b = 0; b < blocks; b++)
            {
                var first = start + (b * BlockRows);
                var inBlock = Math.Min(BlockRows, job->RowCount - first);
                missing |= _ranks.RankBlock(job->Rows + ((long)first * job->FeatureCount), inBlock, job->FeatureCount, transposed, (ushort*)(columns + ((long)b * _blockBytes)));
            }

            new Span<float>(accumulators, targets * blocks * BlockRows).Clear();
            if (missing == 0)
            {
                Traverse<MissingValues.Absent>(columns, positions, blocks, accumulators);
            }
            else
            {
                Traverse<MissingValues.Present>(columns, positions, blocks, accumulators);
            }

            for (var t = 0; t < targets; t++)
            {
                var sums = accumulators + (t * blocks * BlockRows);
                for (var r = 0; r < count; r++)
                {
                    job->Scores[((long)(start + r) * targets) + t] += sums[r];
                }
            }
        }
    }
#pragma warning restore CS8500

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Traverse<TMissing>(byte* columns, Vector512<ushort>* positions, int blocks, float* accumulators)
        where TMissing : struct, IMissingValues
    {
        switch (_topDepth)
        {
            case 1: RankedTreeKernels.Top<TopLevels.One, TMissing>(columns, _blockBytes, _top, TopStride, positions, _trees, blocks); break;
            case 2: RankedTreeKernels.Top<TopLevels.Two, TMissing>(columns, _blockBytes, _top, TopStride, positions, _trees, blocks); break;
            case 3: RankedTreeKernels.Top<TopLevels.Three, TMissing>(columns, _blockBytes, _top, TopStride, positions, _trees, blocks); break;
            case 4: RankedTreeKernels.Top<TopLevels.Four, TMissing>(columns, _blockBytes, _top, TopStride, positions, _trees, blocks); break;
            default: RankedTreeKernels.TopFive<TMissing>(columns, _blockBytes, _top, TopStride, positions, _trees, blocks); break;
        }

        if (_wide)
        {
            LowerLevels<ColumnSelects.Of64, TMissing>(columns, positions, blocks);
        }
        else
        {
            LowerLevels<ColumnSelects.Of32, TMissing>(columns, positions, blocks);
        }

        switch (_leafStride)
        {
            case 32: RankedTreeKernels.Leaves<LeafTables.Of32>(_leaves, _leafStride, _treeTarget, positions, _trees, blocks, accumulators); break;
            case 64: RankedTreeKernels.Leaves<LeafTables.Of64>(_leaves, _leafStride, _treeTarget, positions, _trees, blocks, accumulators); break;
            case 128: RankedTreeKernels.Leaves<LeafTables.Of128>(_leaves, _leafStride, _treeTarget, positions, _trees, blocks, accumulators); break;
            case 256: RankedTreeKernels.Leaves<LeafTables.Of256>(_leaves, _leafStride, _treeTarget, positions, _trees, blocks, accumulators); break;
            default: RankedTreeKernels.Leaves<LeafTables.Gathered>(_leaves, _leafStride, _treeTarget, positions, _trees, blocks, accumulators); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LowerLevels<TColumns, TMissing>(byte* columns, Vector512<ushort>* positions, int blocks)
        where TColumns : struct, IColumnSelect
        where TMissing : struct, IMissingValues
    {
        if (_depth > 5)
        {
            RankedTreeKernels.Level<NodeTables.Of32, TColumns, TMissing>(columns, _blockBytes, _tables, positions, _trees, blocks);
        }

        if (_depth > 6)
        {
            RankedTreeKernels.Level<NodeTables.Of64, TColumns, TMissing>(columns, _blockBytes, _tables.At(32), positions, _trees, blocks);
        }

        if (_depth > 7)
        {
            RankedTreeKernels.Level<NodeTables.Of128, TColumns, TMissing>(columns, _blockBytes, _tables.At(96), positions, _trees, blocks);
        }

        if (_depth > 8)
        {
            RankedTreeKernels.Level<NodeTables.Of256, TColumns, TMissing>(columns, _blockBytes, _tables.At(224), positions, _trees, blocks);
        }

        if (_depth > 9)
        {
            RankedTreeKernels.Level<NodeTables.Of512, TColumns, TMissing>(columns, _blockBytes, _tables.At(480), positions, _trees, blocks);
        }
    }

    /// <summary>One call's arguments, shared by its stripes.</summary>
    private struct Job
    {
        public RankedTreeEnsemble Ensemble;
        public float* Rows;
        public int RowCount;
        public int FeatureCount;
        public float* Scores;
        public int Targets;
        public byte* Scratch;
        public long StripeBytes;
        public int Stripes;
    }
}
