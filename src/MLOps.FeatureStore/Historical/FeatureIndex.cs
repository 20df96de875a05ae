using System.Runtime.InteropServices;
using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>
/// A view's feature rows indexed for as-of lookups: rows grouped by key (a counting sort on a dense key
/// id) and, within a key, sorted by (event timestamp, created timestamp, ingestion order). Built once
/// per view and shared read-only by every entity chunk and thread.
/// </summary>
internal sealed class FeatureIndex
{
    private readonly Dictionary<long, int>? _integerIds;
    private readonly Dictionary<string, int>? _textIds;
    private readonly long _denseMin;
    private readonly int _denseCount;

    private FeatureIndex(Dictionary<long, int>? integerIds, Dictionary<string, int>? textIds, (long Min, int Count) dense, int[] groupStart, int[] rows, long[] timestamps, long[]? validTo)
    {
        _integerIds = integerIds;
        _denseMin = dense.Min;
        _denseCount = dense.Count;
        _textIds = textIds;
        GroupStart = groupStart;
        Rows = rows;
        Timestamps = timestamps;
        ValidTo = validTo;
    }

    /// <summary>Where each key's rows start in <see cref="Rows"/>; one more entry than keys.</summary>
    public int[] GroupStart { get; }

    /// <summary>Source row numbers, grouped by key and sorted within a key.</summary>
    public int[] Rows { get; }

    /// <summary>The event timestamp of each entry of <see cref="Rows"/>.</summary>
    public long[] Timestamps { get; }

    /// <summary>The valid-to timestamp of each entry (interval form), <see cref="long.MaxValue"/> when open; null for the point form.</summary>
    public long[]? ValidTo { get; }

    public bool IntegerKeys => _integerIds is not null || _denseCount > 0;

    public int KeyCount => GroupStart.Length - 1;

    public static FeatureIndex Build(JoinKeys keys, TimestampColumn timestamps, TimestampColumn? created, TimestampColumn? validTo)
    {
        var n = timestamps.Length;
        var ids = new int[n];
        Dictionary<long, int>? integerIds = null;
        Dictionary<string, int>? textIds = null;
        var tsNulls = timestamps.NullCount > 0;
        var dense = (Min: 0L, Count: 0);
        if (keys.Integers is { } integers && DenseRange(integers.Span, keys.Nulls, n) is { } range)
        {
            // Keys in a compact range: the key's offset is its id, no hashing.
            dense = range;
            ForEachRange(n, (from, to) =>
            {
                var nulls = keys.Nulls;
                var values = integers.Span;
                for (var i = from; i < to; i++)
                {
                    ids[i] = (nulls is not null && nulls[i] != 0) || (tsNulls && timestamps.IsNull(i)) ? -1 : (int)(values[i] - range.Min);
                }
            });
        }
        else if (keys.Integers is { } integerKeys)
        {
            var integers2 = integerKeys.Span;
            integerIds = new Dictionary<long, int>();
            var nulls = keys.Nulls;
            for (var i = 0; i < n; i++)
            {
                if ((nulls is not null && nulls[i] != 0) || (tsNulls && timestamps.IsNull(i)))
                {
                    ids[i] = -1;
                    continue;
                }

                ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(integerIds, integers2[i], out var exists);
                if (!exists)
                {
                    id = integerIds.Count - 1;
                }

                ids[i] = id;
            }
        }
        else
        {
            textIds = new Dictionary<string, int>(StringComparer.Ordinal);
            var texts = keys.Texts!;
            for (var i = 0; i < n; i++)
            {
                if (texts[i] is not { } text || (tsNulls && timestamps.IsNull(i)))
                {
                    ids[i] = -1;
                    continue;
                }

                ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(textIds, text, out var exists);
                if (!exists)
                {
                    id = textIds.Count - 1;
                }

                ids[i] = id;
            }
        }

        var keyCount = dense.Count > 0 ? dense.Count : integerIds?.Count ?? textIds!.Count;
        var (start, entries) = CountingSort.Sort(ids, keyCount, timestamps.ValueMemory);
        var total = entries.Length;
        var rows = new int[total];
        var ts = new long[total];
        var createdValues = created is null ? null : ReadNullable(created, long.MinValue);
        Parallel.For(0, Partitions(keyCount), p =>
        {
            var (from, to) = Range(keyCount, p);
            for (var j = start[from]; j < start[to]; j++)
            {
                (ts[j], rows[j]) = (entries[j].Value, entries[j].Row);
            }

            for (var k = from; k < to; k++)
            {
                SortGroup(ts.AsSpan(start[k], start[k + 1] - start[k]), rows.AsSpan(start[k], start[k + 1] - start[k]), createdValues);
            }
        });

        long[]? validToSorted = null;
        if (validTo is not null)
        {
            var values = ReadNullable(validTo, long.MaxValue);
            validToSorted = new long[total];
            for (var j = 0; j < total; j++)
            {
                validToSorted[j] = values[rows[j]];
            }
        }

        return new FeatureIndex(integerIds, textIds, dense, start, rows, ts, validToSorted);
    }

    public int KeyId(long key)
    {
        if (_denseCount > 0)
        {
            var offset = (ulong)(key - _denseMin);
            return offset < (ulong)_denseCount ? (int)offset : -1;
        }

        return _integerIds!.TryGetValue(key, out var id) ? id : -1;
    }

    public int KeyId(string? key) => key is not null && _textIds!.TryGetValue(key, out var id) ? id : -1;

    internal static int Partitions(int count) => Math.Max(1, Math.Min(Environment.ProcessorCount * 4, count / 4096));

    internal static (int From, int To) Range(int count, int partition)
    {
        var partitions = Partitions(count);
        return ((int)((long)count * partition / partitions), (int)((long)count * (partition + 1) / partitions));
    }

    /// <summary>The key range when it is small enough (at most 4 ids per row, or 1M) for offsets to serve as ids.</summary>
    private static (long Min, int Count)? DenseRange(ReadOnlySpan<long> keys, byte[]? nulls, int n)
    {
        long min = long.MaxValue, max = long.MinValue;
        for (var i = 0; i < n; i++)
        {
            if (nulls is null || nulls[i] == 0)
            {
                min = Math.Min(min, keys[i]);
                max = Math.Max(max, keys[i]);
            }
        }

        if (min > max)
        {
            return null;
        }

        var range = (UInt128)(ulong)(max - min) + 1;
        return range <= (UInt128)Math.Max(1 << 20, 4L * n) && range < int.MaxValue ? (min, (int)range) : null;
    }

    private static void ForEachRange(int n, Action<int, int> body)
    {
        var partitions = Partitions(n);
        Parallel.For(0, partitions, p => body((int)((long)n * p / partitions), (int)((long)n * (p + 1) / partitions)));
    }

    private static long[] ReadNullable(TimestampColumn column, long whenNull)
    {
        var values = column.Values.ToArray();
        if (column.NullCount > 0)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (column.IsNull(i))
                {
                    values[i] = whenNull;
                }
            }
        }

        return values;
    }

    /// <summary>Sorts one key's rows by (timestamp, created, row number); rows arrive in row-number order.</summary>
    private static void SortGroup(Span<long> ts, Span<int> rows, long[]? created)
    {
        if (ts.Length < 2)
        {
            return;
        }

        var sorted = true;
        for (var i = 1; i < ts.Length && sorted; i++)
        {
            sorted = ts[i - 1] < ts[i] || (ts[i - 1] == ts[i] && created is null);
        }

        if (sorted)
        {
            return;
        }

        if (ts.Length <= 32)
        {
            // Insertion sort is stable, so equal (timestamp, created) pairs keep row-number order.
            for (var i = 1; i < ts.Length; i++)
            {
                var t = ts[i];
                var r = rows[i];
                var c = created is null ? 0 : created[r];
                var j = i - 1;
                while (j >= 0 && (ts[j] > t || (ts[j] == t && created is not null && created[rows[j]] > c)))
                {
                    ts[j + 1] = ts[j];
                    rows[j + 1] = rows[j];
                    j--;
                }

                ts[j + 1] = t;
                rows[j + 1] = r;
            }

            return;
        }

        ts.Sort(rows);
        var runStart = 0;
        for (var i = 1; i <= ts.Length; i++)
        {
            if (i == ts.Length || ts[i] != ts[runStart])
            {
                if (i - runStart > 1)
                {
                    var run = rows[runStart..i];
                    if (created is null)
                    {
                        run.Sort();
                    }
                    else
                    {
                        run.Sort((a, b) => created[a] != created[b] ? created[a].CompareTo(created[b]) : a.CompareTo(b));
                    }
                }

                runStart = i;
            }
        }
    }
}
