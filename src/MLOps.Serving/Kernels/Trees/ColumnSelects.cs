using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// Column selects of 32 and 64 columns: a select tree on the feature index's bits, one level per
/// bit, each level a bitwise select between the two halves below it. Two feature vectors share every
/// column load.
/// </summary>
internal static unsafe class ColumnSelects
{
    private const int Rows = FeatureRanks.BlockRows;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select32(ushort* column, in Masks a, in Masks b, out Vector512<ushort> x, out Vector512<ushort> y)
    {
        Select16(column, a, b, out var lowX, out var lowY);
        Select16(column + (16 * Rows), a, b, out var highX, out var highY);
        x = Vector512.ConditionalSelect(a.M4, highX, lowX);
        y = Vector512.ConditionalSelect(b.M4, highY, lowY);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select16(ushort* column, in Masks a, in Masks b, out Vector512<ushort> x, out Vector512<ushort> y)
    {
        Select8(column, a, b, out var lowX, out var lowY);
        Select8(column + (8 * Rows), a, b, out var highX, out var highY);
        x = Vector512.ConditionalSelect(a.M3, highX, lowX);
        y = Vector512.ConditionalSelect(b.M3, highY, lowY);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select8(ushort* column, in Masks a, in Masks b, out Vector512<ushort> x, out Vector512<ushort> y)
    {
        Select4(column, a, b, out var lowX, out var lowY);
        Select4(column + (4 * Rows), a, b, out var highX, out var highY);
        x = Vector512.ConditionalSelect(a.M2, highX, lowX);
        y = Vector512.ConditionalSelect(b.M2, highY, lowY);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select4(ushort* column, in Masks a, in Masks b, out Vector512<ushort> x, out Vector512<ushort> y)
    {
        Select2(column, a, b, out var lowX, out var lowY);
        Select2(column + (2 * Rows), a, b, out var highX, out var highY);
        x = Vector512.ConditionalSelect(a.M1, highX, lowX);
        y = Vector512.ConditionalSelect(b.M1, highY, lowY);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select2(ushort* column, in Masks a, in Masks b, out Vector512<ushort> x, out Vector512<ushort> y)
    {
        var even = Vector512.Load(column);
        var odd = Vector512.Load(column + Rows);
        x = Vector512.ConditionalSelect(a.M0, odd, even);
        y = Vector512.ConditionalSelect(b.M0, odd, even);
    }

    /// <summary>Features 0–31.</summary>
    public readonly struct Of32 : IColumnSelect
    {
        public static void Select(ushort* column, Vector512<ushort> first, Vector512<ushort> second, out Vector512<ushort> x, out Vector512<ushort> y) =>
            Select32(column, new Masks(first), new Masks(second), out x, out y);
    }

    /// <summary>Features 0–63: two 32-column selects and one more level on bit 5.</summary>
    public readonly struct Of64 : IColumnSelect
    {
        public static void Select(ushort* column, Vector512<ushort> first, Vector512<ushort> second, out Vector512<ushort> x, out Vector512<ushort> y)
        {
            var a = new Masks(first);
            var b = new Masks(second);
            Select32(column, a, b, out var lowX, out var lowY);
            Select32(column + (32 * Rows), a, b, out var highX, out var highY);
            x = Vector512.ConditionalSelect(Masks.Bit(first, 5), highX, lowX);
            y = Vector512.ConditionalSelect(Masks.Bit(second, 5), highY, lowY);
        }
    }

    /// <summary>A feature vector's low five bits, each spread over its whole lane.</summary>
    private readonly struct Masks
    {
        public Masks(Vector512<ushort> feature)
        {
            M0 = Bit(feature, 0);
            M1 = Bit(feature, 1);
            M2 = Bit(feature, 2);
            M3 = Bit(feature, 3);
            M4 = Bit(feature, 4);
        }

        public Vector512<ushort> M0 { get; }

        public Vector512<ushort> M1 { get; }

        public Vector512<ushort> M2 { get; }

        public Vector512<ushort> M3 { get; }

        public Vector512<ushort> M4 { get; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> Bit(Vector512<ushort> feature, [ConstantExpected(Max = (byte)15)] byte bit) =>
            Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(feature.AsInt16(), (byte)(15 - bit)), 15).AsUInt16();
    }
}
