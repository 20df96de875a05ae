namespace MLOps.Tracking.Metrics;

/// <summary>
/// Points ready to commit, sorted by series and step (so index inserts land in order), with each
/// series' summary folded in memory, so a batch costs one bulk insert and one upsert per series.
/// </summary>
internal sealed class MetricBatch
{
    private MetricBatch(MetricWrite[] points, int count, Dictionary<(long RunSeq, string Key), SummaryAccumulator> summaries)
    {
        Points = new ArraySegment<MetricWrite>(points, 0, count);
        Summaries = summaries;
    }

    public ArraySegment<MetricWrite> Points { get; }

    public Dictionary<(long RunSeq, string Key), SummaryAccumulator> Summaries { get; }

    /// <summary>Builds a batch; <paramref name="points"/> is sorted in place (arrival order is folded into the summaries first).</summary>
    public static MetricBatch Create(MetricWrite[] points, int count)
    {
        var summaries = new Dictionary<(long RunSeq, string Key), SummaryAccumulator>();
        SummaryAccumulator? current = null;
        var currentRun = long.MinValue;
        string? currentKey = null;
        for (var i = 0; i < count; i++)
        {
            ref readonly var point = ref points[i];

            // Consecutive points usually share a series: skip the dictionary lookup for them.
            if (current is null || point.RunSeq != currentRun || !ReferenceEquals(point.Key, currentKey))
            {
                currentRun = point.RunSeq;
                currentKey = point.Key;
                if (!summaries.TryGetValue((point.RunSeq, point.Key), out current))
                {
                    current = new SummaryAccumulator();
                    summaries.Add((point.RunSeq, point.Key), current);
                }
            }

            current.Add(point.Step, point.Value, point.TimestampMicros);
        }

        Array.Sort(points, 0, count, SeriesOrder.Instance);
        return new MetricBatch(points, count, summaries);
    }

    private sealed class SeriesOrder : IComparer<MetricWrite>
    {
        public static SeriesOrder Instance { get; } = new();

        public int Compare(MetricWrite x, MetricWrite y)
        {
            var byRun = x.RunSeq.CompareTo(y.RunSeq);
            if (byRun != 0)
            {
                return byRun;
            }

            var byKey = ReferenceEquals(x.Key, y.Key) ? 0 : string.CompareOrdinal(x.Key, y.Key);
            return byKey != 0 ? byKey : x.Step.CompareTo(y.Step);
        }
    }
}
