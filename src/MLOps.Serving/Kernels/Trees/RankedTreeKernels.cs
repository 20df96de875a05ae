using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// The passes of <see cref="RankedTreeEnsemble"/>, each over every tree for a group of 32-row
/// blocks. Rows sit in the 32 16-bit lanes of a register; a block's ranked feature values are 32
/// columns of 64 bytes. A node's comparison is <c>x − threshold</c>, whose top bit is set exactly
/// when the row goes to the node's second child (see <see cref="FeatureRanks"/>), so only top bits
/// carry meaning through the selections below.
/// </summary>
internal static unsafe class RankedTreeKernels
{
    /// <summary>Bytes between two blocks' columns.</summary>
    public const int BlockBytes = FeatureRanks.Columns * FeatureRanks.BlockRows * sizeof(ushort);

    /// <summary>
    /// The top levels, every node evaluated for every row (cheaper than selecting node data while
    /// a level has few nodes): each node is one subtraction of its broadcast threshold from its
    /// feature's column, and each level's decision is selected, lane by lane, by the decisions
    /// above it. Writes each row's position on the level below.
    /// </summary>
    public static void Top<TDepth>(byte* columns, int* top, int topStride, Vector512<ushort>* positions, int trees, int blocks)
        where TDepth : struct, ITopLevels
    {
        for (var t = 0; t < trees; t++)
        {
            var nodes = top + ((long)t * topStride);
            for (var b = 0; b < blocks; b++)
            {
                positions[(t * blocks) + b] = TDepth.Evaluate(columns + ((long)b * BlockBytes), nodes);
            }
        }
    }

    /// <summary>
    /// One lower level: each row's node feature and threshold are selected from the level's tables
    /// by its position, its feature value from the 32 columns by the feature's bits, and the
    /// position moves to the chosen child. Trees go in pairs, so each column load serves two selects.
    /// </summary>
    public static void Level<TTable>(byte* columns, ushort* features, ushort* thresholds, int tableStride, Vector512<ushort>* positions, int trees, int blocks)
        where TTable : struct, INodeTable
    {
        var t = 0;
        for (; t + 1 < trees; t += 2)
        {
            var featureTable = features + ((long)t * tableStride);
            var thresholdTable = thresholds + ((long)t * tableStride);
            for (var b = 0; b < blocks; b++)
            {
                ref var first = ref positions[(t * blocks) + b];
                ref var second = ref positions[((t + 1) * blocks) + b];
                var p = first;
                var q = second;
                var column = (ushort*)(columns + ((long)b * BlockBytes));
                Select32(
                    column,
                    TTable.Lookup(featureTable, p),
                    TTable.Lookup(featureTable + tableStride, q),
                    out var x,
                    out var y);
                first = p + p + Vector512.ShiftRightLogical(x - TTable.Lookup(thresholdTable, p), 15);
                second = q + q + Vector512.ShiftRightLogical(y - TTable.Lookup(thresholdTable + tableStride, q), 15);
            }
        }

        if (t < trees)
        {
            var featureTable = features + ((long)t * tableStride);
            var thresholdTable = thresholds + ((long)t * tableStride);
            for (var b = 0; b < blocks; b++)
            {
                ref var position = ref positions[(t * blocks) + b];
                var p = position;
                var column = (ushort*)(columns + ((long)b * BlockBytes));
                Select32(column, TTable.Lookup(featureTable, p), TTable.Lookup(featureTable, p), out var x, out _);
                position = p + p + Vector512.ShiftRightLogical(x - TTable.Lookup(thresholdTable, p), 15);
            }
        }
    }

    /// <summary>Adds every tree's leaf value to its target's accumulator, <c>[target][block][32 rows]</c>.</summary>
    public static void Leaves<TLeaves>(float* leaves, int leafStride, int[] treeTarget, Vector512<ushort>* positions, int trees, int blocks, float* accumulators)
        where TLeaves : struct, ILeafTable
    {
        for (var t = 0; t < trees; t++)
        {
            var table = leaves + ((long)t * leafStride);
            var target = accumulators + ((long)treeTarget[t] * blocks * FeatureRanks.BlockRows);
            for (var b = 0; b < blocks; b++)
            {
                var p = positions[(t * blocks) + b];
                var sum = target + (b * FeatureRanks.BlockRows);
                (Vector512.Load(sum) + TLeaves.Lookup(table, Avx512F.ConvertToVector512Int32(p.GetLower()))).Store(sum);
                (Vector512.Load(sum + 16) + TLeaves.Lookup(table, Avx512F.ConvertToVector512Int32(p.GetUpper()))).Store(sum + 16);
            }
        }
    }

    /// <summary>
    /// Each lane's value from the column its feature (0–31) names, for two feature vectors at once:
    /// a five-level select tree per vector over shared column loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select32(ushort* column, Vector512<ushort> first, Vector512<ushort> second, out Vector512<ushort> x, out Vector512<ushort> y)
    {
        var a = new Masks(first);
        var b = new Masks(second);
        Select16(column, a, b, out var lowX, out var lowY);
        Select16(column + (16 * FeatureRanks.BlockRows), a, b, out var highX, out var highY);
        x = Vector512.ConditionalSelect(a.M4, highX, lowX);
        y = Vector512.ConditionalSelect(b.M4, highY, lowY);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select16(ushort* column, in Masks a, in Masks b, out Vector512<ushort> x, out Vector512<ushort> y)
    {
        Select8(column, a, b, out var lowX, out var lowY);
        Select8(column + (8 * FeatureRanks.BlockRows), a, b, out var highX, out var highY);
        x = Vector512.ConditionalSelect(a.M3, highX, lowX);
        y = Vector512.ConditionalSelect(b.M3, highY, lowY);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select8(ushort* column, in Masks a, in Masks b, out Vector512<ushort> x, out Vector512<ushort> y)
    {
        Select4(column, a, b, out var lowX, out var lowY);
        Select4(column + (4 * FeatureRanks.BlockRows), a, b, out var highX, out var highY);
        x = Vector512.ConditionalSelect(a.M2, highX, lowX);
        y = Vector512.ConditionalSelect(b.M2, highY, lowY);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select4(ushort* column, in Masks a, in Masks b, out Vector512<ushort> x, out Vector512<ushort> y)
    {
        Select2(column, a, b, out var lowX, out var lowY);
        Select2(column + (2 * FeatureRanks.BlockRows), a, b, out var highX, out var highY);
        x = Vector512.ConditionalSelect(a.M1, highX, lowX);
        y = Vector512.ConditionalSelect(b.M1, highY, lowY);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select2(ushort* column, in Masks a, in Masks b, out Vector512<ushort> x, out Vector512<ushort> y)
    {
        var even = Vector512.Load(column);
        var odd = Vector512.Load(column + FeatureRanks.BlockRows);
        x = Vector512.ConditionalSelect(a.M0, odd, even);
        y = Vector512.ConditionalSelect(b.M0, odd, even);
    }

    /// <summary>A feature vector's five bits, each spread over its whole lane.</summary>
    private readonly struct Masks
    {
        public Masks(Vector512<ushort> feature)
        {
            var f = feature.AsInt16();
            M0 = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(f, 15), 15).AsUInt16();
            M1 = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(f, 14), 15).AsUInt16();
            M2 = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(f, 13), 15).AsUInt16();
            M3 = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(f, 12), 15).AsUInt16();
            M4 = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(f, 11), 15).AsUInt16();
        }

        public Vector512<ushort> M0 { get; }

        public Vector512<ushort> M1 { get; }

        public Vector512<ushort> M2 { get; }

        public Vector512<ushort> M3 { get; }

        public Vector512<ushort> M4 { get; }
    }
}
