namespace MLOps.Tracking;

/// <summary>The tracking store's <see cref="IRunMetricLogger"/>: each value becomes a metric point of the run.</summary>
public sealed class RunMetricLogger : IRunMetricLogger
{
    private readonly TrackingStore _store;

    /// <summary>Creates the logger.</summary>
    /// <param name="store">The tracking store.</param>
    public RunMetricLogger(TrackingStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc />
    public async ValueTask LogMetricsAsync(string runId, IReadOnlyList<KeyValuePair<string, double>> metrics, long step, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var (key, value) in metrics)
        {
            await _store.Metrics.LogAsync(runId, key, [new MetricPoint(step, value, timestamp)], cancellationToken).ConfigureAwait(false);
        }
    }
}
