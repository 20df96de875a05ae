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
/// threshold's index among the sorted thresholds. NaN pads compare false either way. A missing
/// value (NaN) is ranked 0 and reported, so the caller can score that row another way.
/// </remarks>
internal sealed unsafe class FeatureRanks
{
    /// <summary>The largest rank a 16-bit biased encoding holds.</summary>
    public const int MaxThresholds = 32767;

    /// <summary>Columns per block: the kernels select among 32 feature columns.</summary>
    public const int Columns = 32;

    /// <summary>Rows per block: 32 16-bit lanes of one 512-bit register.</summary>
    public const int BlockRows = 32;

    private const int RegisterSteps = 6;

    private readonly AlignedBuffer[] _memory;
    private readonly float*[] _tables;
    private readonly int[] _levels;
    private readonly int[] _counts;
    private readonly bool _inclusive;
    private readonly bool _reversed;

    /// <summary>Lays out each feature's thresholds for the search.</summary>
    /// <param name="thresholds">Per feature, its distinct thresholds in ascending order.</param>
    /// <param name="inclusive">Whether a value equal to a threshold counts below it (for <c>&lt;</c> and <c>≥</c> nodes).</param>
    /// <param name="reversed">Whether ranks count down from the top (for <c>≥</c> and <c>&gt;</c> nodes, whose true branch is the upper side).</param>
    public FeatureRanks(IReadOnlyList<float[]> thresholds, bool inclusive, bool reversed)
    {
        _inclusive = inclusive;
        _reversed = reversed;
        _memory = new AlignedBuffer[thresholds.Count];
        _tables = new float*[thresholds.Count];
        _levels = new int[thresholds.Count];
        _counts = new int[thresholds.Count];
        for (var f = 0; f < thresholds.Count; f++)
        {
            var sorted = thresholds[f];
            var levels = RegisterSteps;
            while ((1 << levels) - 1 < sorted.Length)
            {
                levels++;
            }

            var size = 1 << levels;
            _memory[f] = AlignedBuffer.Of<float>(size);
            var table = (float*)_memory[f].Pointer;
            new Span<float>(table, size).Fill(float.NaN);
            var next = 0;
            FillInOrder(table, sorted, ref next, 1, size);
            _tables[f] = table;
            _levels[f] = levels;
            _counts[f] = sorted.Length;
        }
    }

    /// <summary>How many features are ranked (the largest feature index read, plus one).</summary>
    public int FeatureCount => _tables.Length;

    /// <summary>
    /// The 16-bit encoding of a node's threshold (its index among the feature's sorted
    /// thresholds), such that <c>encodedX − encodedThreshold</c> has its top bit set exactly when
    /// the row goes to the node's second child.
    /// </summary>
    public ushort EncodeThreshold(int feature, int index) => (ushort)(_reversed ? _counts[feature] - index : index + 1);

    /// <summary>
    /// Ranks one block: <paramref name="rows"/> (≤ 32) rows of <paramref name="stride"/> floats into
    /// <paramref name="columns"/>, 32 columns of 32 encoded ranks (unused rows and columns are zero).
    /// Returns a bit mask of the rows holding a missing value.
    /// </summary>
    public uint RankBlock(float* rows, int count, int stride, float* transposed, ushort* columns)
    {
        uint missing = 0;
        new Span<float>(transposed, Columns * BlockRows).Clear();
        for (var r = 0; r < count; r++)
        {
            var row = rows + ((long)r * stride);
            for (var f = 0; f < _tables.Length; f++)
            {
                var value = row[f];
                if (float.IsNaN(value))
                {
                    missing |= 1u << r;
                    value = 0;
                }

                transposed[(f * BlockRows) + r] = value;
            }
        }

        for (var f = 0; f < _tables.Length; f++)
        {
            var table = _tables[f];
            var t0 = Vector512.Load(table);
            var t1 = Vector512.Load(table + 16);
            var t2 = Vector512.Load(table + 32);
            var t3 = Vector512.Load(table + 48);
            var low = Vector512.Load(transposed + (f * BlockRows));
            var high = Vector512.Load(transposed + (f * BlockRows) + 16);
            var i = Vector512<int>.One;
            var j = Vector512<int>.One;
            for (var step = 0; step < 4; step++)
            {
                i = Descend(i, Avx512F.PermuteVar16x32(t0, i), low);
                j = Descend(j, Avx512F.PermuteVar16x32(t0, j), high);
            }

            i = Descend(i, Avx512F.PermuteVar16x32x2(t0, i, t1), low);
            j = Descend(j, Avx512F.PermuteVar16x32x2(t0, j, t1), high);
            i = Descend(i, Avx512F.PermuteVar16x32x2(t2, i, t3), low);
            j = Descend(j, Avx512F.PermuteVar16x32x2(t2, j, t3), high);
            for (var step = RegisterSteps; step < _levels[f]; step++)
            {
                i = Descend(i, Vector512.Create(Avx2.GatherVector256(table, i.GetLower(), 4), Avx2.GatherVector256(table, i.GetUpper(), 4)), low);
                j = Descend(j, Vector512.Create(Avx2.GatherVector256(table, j.GetLower(), 4), Avx2.GatherVector256(table, j.GetUpper(), 4)), high);
            }

            // After L steps the Eytzinger index is 2^L + rank; the encoding adds a 0x8000 bias, so
            // that x − threshold never borrows and its top bit alone carries the comparison.
            var levels = Vector512.Create(1 << _levels[f]);
            Vector512<int> rankLow = i - levels, rankHigh = j - levels;
            if (_reversed)
            {
                var top = Vector512.Create(_counts[f]);
                rankLow = top - rankLow;
                rankHigh = top - rankHigh;
            }

            var bias = Vector512.Create(0x8000);
            rankLow += bias;
            rankHigh += bias;

            var column = columns + (f * BlockRows);
            Avx512F.ConvertToVector256UInt16(rankLow.AsUInt32()).Store(column);
            Avx512F.ConvertToVector256UInt16(rankHigh.AsUInt32()).Store(column + 16);
        }

        return missing;
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
