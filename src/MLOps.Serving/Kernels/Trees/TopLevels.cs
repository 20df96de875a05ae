using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// The top levels of a tree evaluated whole: each node is one subtraction of its broadcast
/// threshold from its feature's column, and each level's decision (per row, in the top bit of the
/// lane) is selected lane by lane by the decisions above it. The nested types evaluate one to five
/// levels and return each row's position on the level below.
/// </summary>
internal static unsafe class TopLevels
{
    /// <summary>Where a node's missing-value way is kept, after the (threshold, offset) pairs.</summary>
    public const int Directions = 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Node<TMissing>(byte* columns, int* nodes, int position)
        where TMissing : struct, IMissingValues
    {
        var x = Vector512.Load((uint*)(columns + nodes[(2 * position) + 1]));
        var decision = (x - Vector512.Create((uint)nodes[2 * position])).AsUInt16();
        if (TMissing.Possible)
        {
            var missing = Vector512.Equals(x.AsUInt16(), Vector512.Create(FeatureRanks.Missing));
            decision = Vector512.ConditionalSelect(missing, Vector512.Create(nodes[Directions + position]).AsUInt16(), decision);
        }

        return decision;
    }

    /// <summary>The first level's decision selects, lane by lane, the second child's decisions (top bit set) or the first's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Choose(Vector512<ushort> decision, Vector512<ushort> second, Vector512<ushort> first) =>
        Vector512.ConditionalSelect(decision, second, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Bit(Vector512<ushort> decision, [ConstantExpected] byte shift) =>
        Vector512.ShiftLeft(Vector512.ShiftRightLogical(decision, 15), shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Depth1<TMissing>(byte* c, int* n, int p, out Vector512<ushort> d0)
        where TMissing : struct, IMissingValues => d0 = Node<TMissing>(c, n, p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Depth2<TMissing>(byte* c, int* n, int p, out Vector512<ushort> d0, out Vector512<ushort> d1)
        where TMissing : struct, IMissingValues
    {
        d0 = Node<TMissing>(c, n, p);
        Depth1<TMissing>(c, n, (2 * p) + 1, out var a0);
        Depth1<TMissing>(c, n, (2 * p) + 2, out var b0);
        d1 = Choose(d0, b0, a0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Depth3<TMissing>(byte* c, int* n, int p, out Vector512<ushort> d0, out Vector512<ushort> d1, out Vector512<ushort> d2)
        where TMissing : struct, IMissingValues
    {
        d0 = Node<TMissing>(c, n, p);
        Depth2<TMissing>(c, n, (2 * p) + 1, out var a0, out var a1);
        Depth2<TMissing>(c, n, (2 * p) + 2, out var b0, out var b1);
        d1 = Choose(d0, b0, a0);
        d2 = Choose(d0, b1, a1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Depth4<TMissing>(byte* c, int* n, int p, out Vector512<ushort> d0, out Vector512<ushort> d1, out Vector512<ushort> d2, out Vector512<ushort> d3)
        where TMissing : struct, IMissingValues
    {
        d0 = Node<TMissing>(c, n, p);
        Depth3<TMissing>(c, n, (2 * p) + 1, out var a0, out var a1, out var a2);
        Depth3<TMissing>(c, n, (2 * p) + 2, out var b0, out var b1, out var b2);
        d1 = Choose(d0, b0, a0);
        d2 = Choose(d0, b1, a1);
        d3 = Choose(d0, b2, a2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Depth5<TMissing>(byte* c, int* n, out Vector512<ushort> d0, out Vector512<ushort> d1, out Vector512<ushort> d2, out Vector512<ushort> d3, out Vector512<ushort> d4)
        where TMissing : struct, IMissingValues
    {
        d0 = Node<TMissing>(c, n, 0);
        Depth4<TMissing>(c, n, 1, out var a0, out var a1, out var a2, out var a3);
        Depth4<TMissing>(c, n, 2, out var b0, out var b1, out var b2, out var b3);
        d1 = Choose(d0, b0, a0);
        d2 = Choose(d0, b1, a1);
        d3 = Choose(d0, b2, a2);
        d4 = Choose(d0, b3, a3);
    }

    /// <summary>One top level.</summary>
    public readonly struct One : ITopLevels
    {
        public static Vector512<ushort> Evaluate<TMissing>(byte* columns, int* nodes)
            where TMissing : struct, IMissingValues => Bit(Node<TMissing>(columns, nodes, 0), 0);
    }

    /// <summary>Two top levels.</summary>
    public readonly struct Two : ITopLevels
    {
        public static Vector512<ushort> Evaluate<TMissing>(byte* columns, int* nodes)
            where TMissing : struct, IMissingValues
        {
            Depth2<TMissing>(columns, nodes, 0, out var d0, out var d1);
            return Bit(d0, 1) | Bit(d1, 0);
        }
    }

    /// <summary>Three top levels.</summary>
    public readonly struct Three : ITopLevels
    {
        public static Vector512<ushort> Evaluate<TMissing>(byte* columns, int* nodes)
            where TMissing : struct, IMissingValues
        {
            Depth3<TMissing>(columns, nodes, 0, out var d0, out var d1, out var d2);
            return Bit(d0, 2) | Bit(d1, 1) | Bit(d2, 0);
        }
    }

    /// <summary>Four top levels.</summary>
    public readonly struct Four : ITopLevels
    {
        public static Vector512<ushort> Evaluate<TMissing>(byte* columns, int* nodes)
            where TMissing : struct, IMissingValues
        {
            Depth4<TMissing>(columns, nodes, 0, out var d0, out var d1, out var d2, out var d3);
            return Bit(d0, 3) | Bit(d1, 2) | Bit(d2, 1) | Bit(d3, 0);
        }
    }

    /// <summary>Five top levels (31 nodes).</summary>
    public readonly struct Five : ITopLevels
    {
        public static Vector512<ushort> Evaluate<TMissing>(byte* columns, int* nodes)
            where TMissing : struct, IMissingValues
        {
            Depth5<TMissing>(columns, nodes, out var d0, out var d1, out var d2, out var d3, out var d4);
            return Bit(d0, 4) | Bit(d1, 3) | Bit(d2, 2) | Bit(d3, 1) | Bit(d4, 0);
        }
    }

    /// <summary>
    /// Five top levels for two blocks at once, level by level: both blocks share each node's
    /// threshold broadcast and column offset, and each level's decision is a select tree over the
    /// level's nodes on the decisions above it (fewer values live than the subtree recursion).
    /// </summary>
    public static void FivePaired<TMissing>(byte* first, byte* second, int* nodes, out Vector512<ushort> positionA, out Vector512<ushort> positionB)
        where TMissing : struct, IMissingValues
    {
        var d0 = NodePair<TMissing>(first, second, nodes, 0);
        var d1 = Mux1<TMissing>(first, second, nodes, 1, d0);
        var d2 = Mux2<TMissing>(first, second, nodes, 3, d0, d1);
        var d3 = Mux3<TMissing>(first, second, nodes, 7, d0, d1, d2);
        var d4 = Mux4<TMissing>(first, second, nodes, 15, d0, d1, d2, d3);
        positionA = Bit(d0.A, 4) | Bit(d1.A, 3) | Bit(d2.A, 2) | Bit(d3.A, 1) | Bit(d4.A, 0);
        positionB = Bit(d0.B, 4) | Bit(d1.B, 3) | Bit(d2.B, 2) | Bit(d3.B, 1) | Bit(d4.B, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Pair NodePair<TMissing>(byte* first, byte* second, int* nodes, int position)
        where TMissing : struct, IMissingValues
    {
        var offset = nodes[(2 * position) + 1];
        var threshold = Vector512.Create((uint)nodes[2 * position]);
        var x = Vector512.Load((uint*)(first + offset));
        var y = Vector512.Load((uint*)(second + offset));
        var a = (x - threshold).AsUInt16();
        var b = (y - threshold).AsUInt16();
        if (TMissing.Possible)
        {
            var way = Vector512.Create(nodes[Directions + position]).AsUInt16();
            a = Vector512.ConditionalSelect(Vector512.Equals(x.AsUInt16(), Vector512.Create(FeatureRanks.Missing)), way, a);
            b = Vector512.ConditionalSelect(Vector512.Equals(y.AsUInt16(), Vector512.Create(FeatureRanks.Missing)), way, b);
        }

        return new Pair(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Pair Choose(Pair decision, Pair second, Pair first) => new(Choose(decision.A, second.A, first.A), Choose(decision.B, second.B, first.B));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Pair Mux1<TMissing>(byte* f, byte* s, int* n, int p, Pair s0)
        where TMissing : struct, IMissingValues => Choose(s0, NodePair<TMissing>(f, s, n, p + 1), NodePair<TMissing>(f, s, n, p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Pair Mux2<TMissing>(byte* f, byte* s, int* n, int p, Pair s0, Pair s1)
        where TMissing : struct, IMissingValues => Choose(s0, Mux1<TMissing>(f, s, n, p + 2, s1), Mux1<TMissing>(f, s, n, p, s1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Pair Mux3<TMissing>(byte* f, byte* s, int* n, int p, Pair s0, Pair s1, Pair s2)
        where TMissing : struct, IMissingValues => Choose(s0, Mux2<TMissing>(f, s, n, p + 4, s1, s2), Mux2<TMissing>(f, s, n, p, s1, s2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Pair Mux4<TMissing>(byte* f, byte* s, int* n, int p, Pair s0, Pair s1, Pair s2, Pair s3)
        where TMissing : struct, IMissingValues => Choose(s0, Mux3<TMissing>(f, s, n, p + 8, s1, s2, s3), Mux3<TMissing>(f, s, n, p, s1, s2, s3));

    /// <summary>One value per block of a pair.</summary>
    private readonly record struct Pair(Vector512<ushort> A, Vector512<ushort> B);
}
