using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>Node tables of one lower level (32, 64 or 128 nodes), selected by permutes.</summary>
internal static unsafe class NodeTables
{
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
        public static Vector512<ushort> Lookup(ushort* table, Vector512<ushort> position)
        {
            var upper = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(position.AsInt16(), 9), 15).AsUInt16();
            return Vector512.ConditionalSelect(
                upper,
                Avx512BW.PermuteVar32x16x2(Vector512.Load(table + 64), position, Vector512.Load(table + 96)),
                Avx512BW.PermuteVar32x16x2(Vector512.Load(table), position, Vector512.Load(table + 32)));
        }
    }
}
