namespace MLOps.Tracking.Metrics;

/// <summary>
/// One item on the metric channel: a point, or (when <see cref="Barrier"/> is set) a flush request that
/// completes once every point queued before it is committed.
/// </summary>
internal readonly record struct MetricWrite(long RunSeq, string Key, long Step, double Value, long TimestampMicros, TaskCompletionSource? Barrier = null);
