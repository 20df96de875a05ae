namespace MLOps.FeatureStore;

/// <summary>
/// A stable, parallel counting sort of row numbers by a dense key id: each thread counts its slice,
/// the counts become per-thread write offsets, and each thread scatters its slice. Rows with id -1
/// are left out. Linear time; no comparisons.
/// </summary>
internal static class CountingSort
{
    /// <summary>Groups rows by id.</summary>
    /// <param name="ids">The id of each row, or -1 to leave the row out.</param>
    /// <param name="keyCount">The number of ids.</param>
    /// <param name="timestamps">A value per row carried along into <c>sortedValues</c>.</param>
    /// <returns>Where each id's rows start (keyCount + 1 entries), and the (value, row) entries grouped by id in row order.</returns>
    public static (int[] Start, Entry[] Entries) Sort(int[] ids, int keyCount, ReadOnlyMemory<long> timestamps)
    {
        var n = ids.Length;
        var threads = Math.Max(1, Math.Min(Environment.ProcessorCount, n / 65_536));
        if ((long)threads * (keyCount + 1) > 32L << 20)
        {
            threads = 1;
        }

        var counts = new int[threads][];
        Parallel.For(0, threads, t =>
        {
            var local = new int[keyCount + 1];
            var (from, to) = Slice(n, threads, t);
            for (var i = from; i < to; i++)
            {
                local[ids[i] + 1]++;
            }

            counts[t] = local;
        });

        // Offsets: id-major, thread-minor, so each id's rows stay in row order. Slot 0 counts the -1 ids, which are skipped.
        var start = new int[keyCount + 1];
        var running = 0;
        for (var k = 1; k <= keyCount; k++)
        {
            start[k - 1] = running;
            for (var t = 0; t < threads; t++)
            {
                var c = counts[t][k];
                counts[t][k] = running;
                running += c;
            }
        }

        start[keyCount] = running;
        // One 16-byte entry per row: each scattered row touches one cache line, not two.
        var entries = new Entry[running];
        Parallel.For(0, threads, t =>
        {
            var cursor = counts[t];
            var (from, to) = Slice(n, threads, t);
            var source = timestamps.Span;
            for (var i = from; i < to; i++)
            {
                var id = ids[i];
                if (id >= 0)
                {
                    entries[cursor[id + 1]++] = new Entry(source[i], i);
                }
            }
        });
        return (start, entries);
    }

    /// <summary>A row number and the value carried with it.</summary>
    internal readonly record struct Entry(long Value, int Row);

    private static (int From, int To) Slice(int n, int parts, int part) => ((int)((long)n * part / parts), (int)((long)n * (part + 1) / parts));
}
