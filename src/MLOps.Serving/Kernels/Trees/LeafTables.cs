using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// Leaf tables of 32 to 256 values: a two-register permute per 32-entry segment, then selects on
/// the position's higher bits. Larger tables (trees of depth 9 and 10) are gathered.
/// </summary>
internal static unsafe class LeafTables
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Segment(float* leaves, Vector512<int> position) =>
        Avx512F.PermuteVar16x32x2(Vector512.Load(leaves), position, Vector512.Load(leaves + 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pick(Vector512<int> position, [ConstantExpected] byte bit, Vector512<float> upper, Vector512<float> lower) =>
        Vector512.ConditionalSelect(Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(position, 31 - bit), 31).AsSingle(), upper, lower);

    /// <summary>Up to 32 leaves.</summary>
    public readonly struct Of32 : ILeafTable
    {
        public static Vector512<float> Lookup(float* leaves, Vector512<int> position) => Segment(leaves, position);
    }

    /// <summary>64 leaves.</summary>
    public readonly struct Of64 : ILeafTable
    {
        public static Vector512<float> Lookup(float* leaves, Vector512<int> position) =>
            Pick(position, 5, Segment(leaves + 32, position), Segment(leaves, position));
    }

    /// <summary>128 leaves.</summary>
    public readonly struct Of128 : ILeafTable
    {
        public static Vector512<float> Lookup(float* leaves, Vector512<int> position) =>
            Pick(position, 6, Of64.Lookup(leaves + 64, position), Of64.Lookup(leaves, position));
    }

    /// <summary>256 leaves.</summary>
    public readonly struct Of256 : ILeafTable
    {
        public static Vector512<float> Lookup(float* leaves, Vector512<int> position) =>
            Pick(position, 7, Of128.Lookup(leaves + 128, position), Of128.Lookup(leaves, position));
    }

    /// <summary>512 or 1,024 leaves: gathered, two 8-lane gathers per 16 rows.</summary>
    public readonly struct Gathered : ILeafTable
    {
        public static Vector512<float> Lookup(float* leaves, Vector512<int> position) =>
            Vector512.Create(Avx2.GatherVector256(leaves, position.GetLower(), 4), Avx2.GatherVector256(leaves, position.GetUpper(), 4));
    }
}
