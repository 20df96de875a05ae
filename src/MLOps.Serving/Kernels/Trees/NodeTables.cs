using System.Diagnostics.CodeAnalysis;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// Node tables of one lower level (32 to 512 nodes), selected by permutes: a two-register permute
/// per 64 entries, then selects on the position's higher bits.
/// </summary>
internal static unsafe class NodeTables
{
    /// <summary>Each lane's position bit spread over the lane.</summary>
    private static Vector512<ushort> Bit(Vector512<ushort> position, [ConstantExpected(Max = (byte)15)] byte bit) =>
        Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(position.AsInt16(), (byte)(15 - bit)), 15).AsUInt16();

    /// <summary>A level of up to 32 nodes: one permute.</summary>
    public readonly struct Of32 : INodeTable
    {
        public static Vector512<ushort> Lookup(ushort* table, Vector512<ushort> position) => Avx512BW.PermuteVar32x16(Vector512.Load(table), position);
    }

    /// <summary>A level of 64 nodes: one two-register permute.</summary>
    public readonly struct Of64 : INodeTable
    {
        public static Vector512<ushort> Lookup(ushort* table, Vector512<ushort> position) =>
            Avx512BW.PermuteVar32x16x2(Vector512.Load(table), position, Vector512.Load(table + 32));
    }

    /// <summary>A level of 128 nodes: two two-register permutes and a select on the position's bit 6.</summary>
    public readonly struct Of128 : INodeTable
    {
        public static Vector512<ushort> Lookup(ushort* table, Vector512<ushort> position) =>
            Vector512.ConditionalSelect(Bit(position, 6), Of64.Lookup(table + 64, position), Of64.Lookup(table, position));
    }

    /// <summary>A level of 256 nodes: four two-register permutes and selects on bits 6 and 7.</summary>
    public readonly struct Of256 : INodeTable
    {
        public static Vector512<ushort> Lookup(ushort* table, Vector512<ushort> position) =>
            Vector512.ConditionalSelect(Bit(position, 7), Of128.Lookup(table + 128, position), Of128.Lookup(table, position));
    }

    /// <summary>A level of 512 nodes: eight two-register permutes and selects on bits 6 to 8.</summary>
    public readonly struct Of512 : INodeTable
    {
        public static Vector512<ushort> Lookup(ushort* table, Vector512<ushort> position) =>
            Vector512.ConditionalSelect(Bit(position, 8), Of256.Lookup(table + 256, position), Of256.Lookup(table, position));
    }
}
