namespace MLOps.Tracking.Metrics;

/// <summary>
/// Points ready to commit, grouped by series, each series with its summary folded in memory, so a
/// batch costs one chunk row and one summary upsert per series however many points it holds.
/// </summary>
internal sealed class MetricBatch
{
    private MetricBatch(Dictionary<(long RunSeq, string Key), SeriesBuffer> series, int count)
    {
        Series = series;
        Count = count;
    }

    public Dictionary<(long RunSeq, string Key), SeriesBuffer> Series { get; }

    public int Count { get; }

    public static MetricBatch Create(ReadOnlySpan<MetricWrite> points)
    {
        var series = new Dictionary<(long RunSeq, string Key), SeriesBuffer>();
        SeriesBuffer? current = null;
        var currentRun = long.MinValue;
        string? currentKey = null;
        foreach (ref readonly var point in points)
        {
            // Consecutive points often share a series: skip the dictionary lookup for them.
            if (current is null || point.RunSeq != currentRun || !ReferenceEquals(point.Key, currentKey))
            {
                currentRun = point.RunSeq;
                currentKey = point.Key;
                if (!series.TryGetValue((point.RunSeq, point.Key), out current))
                {
                    current = new SeriesBuffer();
                    series.Add((point.RunSeq, point.Key), current);
                }
            }

            current.Add(point.Step, point.Value, point.TimestampMicros);
        }

        foreach (var buffer in series.Values)
        {
            buffer.Encode();
        }

        return new MetricBatch(series, points.Length);
    }
}
