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
    /// position moves to the chosen child.
    /// </summary>
    public static void Level<TTable>(byte* columns, ushort* features, ushort* thresholds, int tableStride, Vector512<ushort>* positions, int trees, int blocks)
        where TTable : struct, INodeTable
    {
        for (var t = 0; t < trees; t++)
        {
            var featureTable = features + ((long)t * tableStride);
            var thresholdTable = thresholds + ((long)t * tableStride);
            for (var b = 0; b < blocks; b++)
            {
                ref var position = ref positions[(t * blocks) + b];
                var p = position;
                var feature = TTable.Lookup(featureTable, p);
                var threshold = TTable.Lookup(thresholdTable, p);
                var x = Select32((ushort*)(columns + ((long)b * BlockBytes)), feature);
                position = p + p + Vector512.ShiftRightLogical(x - threshold, 15);
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

    /// <summary>Each lane's value from the column its feature (0–31) names: a five-level select tree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Select32(ushort* column, Vector512<ushort> feature)
    {
        var f = feature.AsInt16();
        var m0 = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(f, 15), 15).AsUInt16();
        var m1 = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(f, 14), 15).AsUInt16();
        var m2 = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(f, 13), 15).AsUInt16();
        var m3 = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(f, 12), 15).AsUInt16();
        var m4 = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(f, 11), 15).AsUInt16();
        var low = Select16(column, m0, m1, m2, m3);
        var high = Select16(column + (16 * FeatureRanks.BlockRows), m0, m1, m2, m3);
        return Vector512.ConditionalSelect(m4, high, low);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Select16(ushort* column, Vector512<ushort> m0, Vector512<ushort> m1, Vector512<ushort> m2, Vector512<ushort> m3) =>
        Vector512.ConditionalSelect(m3, Select8(column + (8 * FeatureRanks.BlockRows), m0, m1, m2), Select8(column, m0, m1, m2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Select8(ushort* column, Vector512<ushort> m0, Vector512<ushort> m1, Vector512<ushort> m2) =>
        Vector512.ConditionalSelect(m2, Select4(column + (4 * FeatureRanks.BlockRows), m0, m1), Select4(column, m0, m1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Select4(ushort* column, Vector512<ushort> m0, Vector512<ushort> m1) =>
        Vector512.ConditionalSelect(m1, Select2(column + (2 * FeatureRanks.BlockRows), m0), Select2(column, m0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Select2(ushort* column, Vector512<ushort> m0) =>
        Vector512.ConditionalSelect(m0, Vector512.Load(column + FeatureRanks.BlockRows), Vector512.Load(column));
}
