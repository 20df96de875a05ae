using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// The passes of <see cref="RankedTreeEnsemble"/>, each over every tree for a group of 32-row
/// blocks. Rows sit in the 32 16-bit lanes of a register; a block's ranked feature values are
/// columns of 64 bytes, one per feature. A node's comparison is <c>x − threshold</c>, whose top bit is set exactly
/// when the row goes to the node's second child (see <see cref="FeatureRanks"/>), so only top bits
/// carry meaning through the selections below. The passes are compiled fully optimized at once
/// (<see cref="MethodImplOptions.AggressiveOptimization"/>): the tiered, profile-guided code measured
/// 5–10% slower and varied between processes.
/// </summary>
internal static unsafe class RankedTreeKernels
{
    /// <summary>
    /// The top levels, every node evaluated for every row (cheaper than selecting node data while
    /// a level has few nodes): each node is one subtraction of its broadcast threshold from its
    /// feature's column, and each level's decision is selected, lane by lane, by the decisions
    /// above it. Writes each row's position on the level below.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Top<TDepth, TMissing>(byte* columns, int blockBytes, int* top, int topStride, Vector512<ushort>* positions, int trees, int blocks)
        where TDepth : struct, ITopLevels
        where TMissing : struct, IMissingValues
    {
        for (var t = 0; t < trees; t++)
        {
            var nodes = top + ((long)t * topStride);
            for (var b = 0; b < blocks; b++)
            {
                positions[(t * blocks) + b] = TDepth.Evaluate<TMissing>(columns + ((long)b * blockBytes), nodes);
            }
        }
    }

    /// <summary>Five top levels, blocks taken in pairs that share each node's loads (see <see cref="TopLevels.FivePaired"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TopFive<TMissing>(byte* columns, int blockBytes, int* top, int topStride, Vector512<ushort>* positions, int trees, int blocks)
        where TMissing : struct, IMissingValues
    {
        for (var t = 0; t < trees; t++)
        {
            var nodes = top + ((long)t * topStride);
            var b = 0;
            for (; b + 1 < blocks; b += 2)
            {
                TopLevels.FivePaired<TMissing>(columns + ((long)b * blockBytes), columns + ((long)(b + 1) * blockBytes), nodes, out positions[(t * blocks) + b], out positions[(t * blocks) + b + 1]);
            }

            if (b < blocks)
            {
                positions[(t * blocks) + b] = TopLevels.Five.Evaluate<TMissing>(columns + ((long)b * blockBytes), nodes);
            }
        }
    }

    /// <summary>
    /// One lower level: each row's node feature and threshold are selected from the level's tables
    /// by its position, its feature value from the block's columns by the feature's bits, and the
    /// position moves to the chosen child. Trees go in pairs, so each column load serves two selects.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Level<TTable, TColumns, TMissing>(byte* columns, int blockBytes, in LevelTables tables, Vector512<ushort>* positions, int trees, int blocks)
        where TTable : struct, INodeTable
        where TColumns : struct, IColumnSelect
        where TMissing : struct, IMissingValues
    {
        var t = 0;
        for (; t + 1 < trees; t += 2)
        {
            var featureTable = tables.Features + ((long)t * tables.Stride);
            var thresholdTable = tables.Thresholds + ((long)t * tables.Stride);
            var directionTable = tables.Directions + ((long)t * tables.Stride);
            var tableStride = tables.Stride;
            for (var b = 0; b < blocks; b++)
            {
                ref var first = ref positions[(t * blocks) + b];
                ref var second = ref positions[((t + 1) * blocks) + b];
                var p = first;
                var q = second;
                var column = (ushort*)(columns + ((long)b * blockBytes));
                TColumns.Select(
                    column,
                    TTable.Lookup(featureTable, p),
                    TTable.Lookup(featureTable + tableStride, q),
                    out var x,
                    out var y);
                first = p + p + Vector512.ShiftRightLogical(Decide<TTable, TMissing>(x, thresholdTable, directionTable, p), 15);
                second = q + q + Vector512.ShiftRightLogical(Decide<TTable, TMissing>(y, thresholdTable + tableStride, directionTable + tableStride, q), 15);
            }
        }

        if (t < trees)
        {
            var featureTable = tables.Features + ((long)t * tables.Stride);
            var thresholdTable = tables.Thresholds + ((long)t * tables.Stride);
            var directionTable = tables.Directions + ((long)t * tables.Stride);
            for (var b = 0; b < blocks; b++)
            {
                ref var position = ref positions[(t * blocks) + b];
                var p = position;
                var column = (ushort*)(columns + ((long)b * blockBytes));
                TColumns.Select(column, TTable.Lookup(featureTable, p), TTable.Lookup(featureTable, p), out var x, out _);
                position = p + p + Vector512.ShiftRightLogical(Decide<TTable, TMissing>(x, thresholdTable, directionTable, p), 15);
            }
        }
    }

    /// <summary>The lane's decision in its top bit: <c>x − threshold</c>, or the node's missing-value way for a missing x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Decide<TTable, TMissing>(Vector512<ushort> x, ushort* thresholds, ushort* directions, Vector512<ushort> position)
        where TTable : struct, INodeTable
        where TMissing : struct, IMissingValues
    {
        var decision = x - TTable.Lookup(thresholds, position);
        if (TMissing.Possible)
        {
            decision = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(FeatureRanks.Missing)), TTable.Lookup(directions, position), decision);
        }

        return decision;
    }

    /// <summary>Adds every tree's leaf value to its target's accumulator, <c>[target][block][32 rows]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

}
