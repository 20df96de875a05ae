using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// Replaces feature values by their rank among the ensemble's thresholds for that feature, so every
/// node comparison becomes a 16-bit integer comparison. Per feature the distinct thresholds are
/// kept sorted in Eytzinger (breadth-first) order, padded with NaN to <c>2^L − 1</c> entries; a
/// block of 32 rows is ranked sixteen rows at a time: the first six steps of the search select
/// their pivots from four registers, the rest gather them.
/// </summary>
/// <remarks>
/// A rank is <c>#{u : u &lt; x}</c> (strict, for <c>x ≤ t</c> and <c>x &gt; t</c>) or
/// <c>#{u : u ≤ x}</c> (inclusive, for <c>x &lt; t</c> and <c>x ≥ t</c>); the node holds its
/// threshold's index among the sorted thresholds. NaN pads compare false either way. Encoded, a
/// value is <c>0x8000 + 2·rank</c> and a threshold <c>2·index + 1</c> (mirrored for the reversed
/// modes): the difference is odd, so it is never zero, and a borrow from the 16-bit lane below
/// (two rows share a 32-bit subtraction) cannot change its sign. A missing value (NaN) is encoded
/// as 0, which no rank takes; the kernels send it the node's missing-value way.
/// </remarks>
internal sealed unsafe class FeatureRanks
{
    /// <summary>The most distinct thresholds per feature the 16-bit encoding holds.</summary>
    public const int MaxThresholds = 16383;

    /// <summary>The encoding of a missing value.</summary>
    public const ushort Missing = 0;

    /// <summary>The most features a block holds: the kernels select among 32 or 64 columns.</summary>
    public const int MaxColumns = 64;

    /// <summary>Rows per block: 32 16-bit lanes of one 512-bit register.</summary>
    public const int BlockRows = 32;

    private const int RegisterSteps = 6;

    /// <summary>Features searched together: four features, two half-blocks each, keep eight gather chains in flight.</summary>
    private const int Interleave = 4;

    private readonly AlignedBuffer _memory;
    private readonly float*[] _tables;
    private readonly int[] _counts;
    private readonly int _levels;
    private readonly bool _inclusive;
    private readonly bool _reversed;

    /// <summary>Lays out each feature's thresholds for the search (every table the size of the largest, so all searches take the same steps).</summary>
    /// <param name="thresholds">Per feature, its distinct thresholds in ascending order.</param>
    /// <param name="inclusive">Whether a value equal to a threshold counts below it (for <c>&lt;</c> and <c>≥</c> nodes).</param>
    /// <param name="reversed">Whether ranks count down from the top (for <c>≥</c> and <c>&gt;</c> nodes, whose true branch is the upper side).</param>
    public FeatureRanks(IReadOnlyList<float[]> thresholds, bool inclusive, bool reversed)
    {
        _inclusive = inclusive;
        _reversed = reversed;
        _tables = new float*[thresholds.Count];
        _counts = new int[thresholds.Count];
        _levels = RegisterSteps;
        var largest = thresholds.Max(static t => t.Length);
        while ((1 << _levels) - 1 < largest)
        {
            _levels++;
        }

        var size = 1 << _levels;
        _memory = AlignedBuffer.Of<float>((long)size * thresholds.Count);
        var tables = (float*)_memory.Pointer;
        new Span<float>(tables, size * thresholds.Count).Fill(float.NaN);
        for (var f = 0; f < thresholds.Count; f++)
        {
            _tables[f] = tables + ((long)f * size);
            _counts[f] = thresholds[f].Length;
            var next = 0;
            FillInOrder(_tables[f], thresholds[f], ref next, 1, size);
        }
    }

    /// <summary>How many features are ranked (the largest feature index read, plus one).</summary>
    public int FeatureCount => _tables.Length;

    /// <summary>
    /// The 16-bit encoding of a node's threshold (its index among the feature's sorted
    /// thresholds), such that <c>encodedX − encodedThreshold</c> has its top bit set exactly when
    /// the row goes to the node's second child.
    /// </summary>
    public ushort EncodeThreshold(int feature, int index) => (ushort)(_reversed ? (2 * (_counts[feature] - index)) - 1 : (2 * index) + 1);

    /// <summary>
    /// Ranks one block: <paramref name="count"/> (≤ 32) rows of <paramref name="stride"/> floats into
    /// <paramref name="columns"/>, a column of 32 encoded ranks per feature (unused rows are ranks of
    /// zero). <paramref name="transposed"/> is scratch for <see cref="MaxColumns"/> × 32 floats. Returns a bit mask of the
    /// rows holding a missing value (encoded <see cref="Missing"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public uint RankBlock(float* rows, int count, int stride, float* transposed, ushort* columns)
    {
        uint missing = 0;
        new Span<float>(transposed, _tables.Length * BlockRows).Clear();
        for (var r = 0; r < count; r++)
        {
            var row = rows + ((long)r * stride);
            for (var f = 0; f < _tables.Length; f++)
            {
                var value = row[f];
                if (float.IsNaN(value))
                {
                    missing |= 1u << r;
                }

                transposed[(f * BlockRows) + r] = value;
            }
        }

        for (var f = 0; f < _tables.Length; f += Interleave)
        {
            RankFeatures(f, transposed, columns);
        }

        return missing;
    }

    /// <summary>Ranks features <paramref name="first"/> to <paramref name="first"/> + 3 (the last feature repeated past the end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RankFeatures(int first, float* transposed, ushort* columns)
    {
        var last = _tables.Length - 1;
        int f0 = first, f1 = Math.Min(first + 1, last), f2 = Math.Min(first + 2, last), f3 = Math.Min(first + 3, last);
        var x0 = Vector512.Load(transposed + (f0 * BlockRows));
        var x1 = Vector512.Load(transposed + (f0 * BlockRows) + 16);
        var x2 = Vector512.Load(transposed + (f1 * BlockRows));
        var x3 = Vector512.Load(transposed + (f1 * BlockRows) + 16);
        var x4 = Vector512.Load(transposed + (f2 * BlockRows));
        var x5 = Vector512.Load(transposed + (f2 * BlockRows) + 16);
        var x6 = Vector512.Load(transposed + (f3 * BlockRows));
        var x7 = Vector512.Load(transposed + (f3 * BlockRows) + 16);
        float* e0 = _tables[f0], e1 = _tables[f1], e2 = _tables[f2], e3 = _tables[f3];
        TopSteps(e0, x0, x1, out var i0, out var i1);
        TopSteps(e1, x2, x3, out var i2, out var i3);
        TopSteps(e2, x4, x5, out var i4, out var i5);
        TopSteps(e3, x6, x7, out var i6, out var i7);
        for (var step = RegisterSteps; step < _levels; step++)
        {
            i0 = Descend(i0, Gather(e0, i0), x0);
            i1 = Descend(i1, Gather(e0, i1), x1);
            i2 = Descend(i2, Gather(e1, i2), x2);
            i3 = Descend(i3, Gather(e1, i3), x3);
            i4 = Descend(i4, Gather(e2, i4), x4);
            i5 = Descend(i5, Gather(e2, i5), x5);
            i6 = Descend(i6, Gather(e3, i6), x6);
            i7 = Descend(i7, Gather(e3, i7), x7);
        }

        Store(f3, i6, i7, x6, x7, columns);
        Store(f2, i4, i5, x4, x5, columns);
        Store(f1, i2, i3, x2, x3, columns);
        Store(f0, i0, i1, x0, x1, columns);
    }

    /// <summary>The first six steps, their pivots selected from the table's first 64 entries held in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TopSteps(float* table, Vector512<float> low, Vector512<float> high, out Vector512<int> i, out Vector512<int> j)
    {
        var t0 = Vector512.Load(table);
        var t1 = Vector512.Load(table + 16);
        var t2 = Vector512.Load(table + 32);
        var t3 = Vector512.Load(table + 48);
        i = Vector512<int>.One;
        j = Vector512<int>.One;
        for (var step = 0; step < 4; step++)
        {
            i = Descend(i, Avx512F.PermuteVar16x32(t0, i), low);
            j = Descend(j, Avx512F.PermuteVar16x32(t0, j), high);
        }

        i = Descend(i, Avx512F.PermuteVar16x32x2(t0, i, t1), low);
        j = Descend(j, Avx512F.PermuteVar16x32x2(t0, j, t1), high);
        i = Descend(i, Avx512F.PermuteVar16x32x2(t2, i, t3), low);
        j = Descend(j, Avx512F.PermuteVar16x32x2(t2, j, t3), high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Gather(float* table, Vector512<int> index) =>
        Vector512.Create(Avx2.GatherVector256(table, index.GetLower(), 4), Avx2.GatherVector256(table, index.GetUpper(), 4));

    /// <summary>After L steps the Eytzinger index is 2^L + rank; stores the encoding (see the remarks), 0 for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store(int feature, Vector512<int> low, Vector512<int> high, Vector512<float> xLow, Vector512<float> xHigh, ushort* columns)
    {
        var levels = Vector512.Create(1 << _levels);
        Vector512<int> rankLow = low - levels, rankHigh = high - levels;
        if (_reversed)
        {
            var top = Vector512.Create(_counts[feature]);
            rankLow = top - rankLow;
            rankHigh = top - rankHigh;
        }

        var bias = Vector512.Create(0x8000);
        var codeLow = Vector512.Equals(xLow, xLow).AsInt32() & (bias + rankLow + rankLow);
        var codeHigh = Vector512.Equals(xHigh, xHigh).AsInt32() & (bias + rankHigh + rankHigh);
        var column = columns + (feature * BlockRows);
        Avx512F.ConvertToVector256UInt16(codeLow.AsUInt32()).Store(column);
        Avx512F.ConvertToVector256UInt16(codeHigh.AsUInt32()).Store(column + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<int> Descend(Vector512<int> index, Vector512<float> pivot, Vector512<float> x)
    {
        var below = _inclusive ? Vector512.LessThanOrEqual(pivot, x) : Vector512.LessThan(pivot, x);
        return index + index - below.AsInt32();
    }

    private static void FillInOrder(float* table, float[] sorted, ref int next, int index, int size)
    {
        if (index >= size)
        {
            return;
        }

        FillInOrder(table, sorted, ref next, 2 * index, size);
        table[index] = next < sorted.Length ? sorted[next] : float.NaN;
        next++;
        FillInOrder(table, sorted, ref next, (2 * index) + 1, size);
    }
}
