using MLOps.Tracking;

namespace MLOps.Drift;

/// <summary>
/// Logs every evaluated drift window to a tracked run: the flattened report (<see cref="DriftMetrics.Flatten"/>)
/// at step = window index. Works through <see cref="IRunMetricLogger"/>, which <c>AddTracking()</c> registers.
/// </summary>
public sealed class RunMetricsReportSink : IDriftReportSink
{
    private readonly IRunMetricLogger _logger;
    private readonly string _runId;
    private readonly string _prefix;

    /// <summary>Creates the sink.</summary>
    /// <param name="logger">The tracking seam.</param>
    /// <param name="runId">The run the metrics go to.</param>
    /// <param name="prefix">Prepended to every metric key, such as <c>drift.</c>.</param>
    public RunMetricsReportSink(IRunMetricLogger logger, string runId, string prefix = "drift.")
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        _logger = logger;
        _runId = runId;
        _prefix = prefix ?? string.Empty;
    }

    /// <inheritdoc />
    public ValueTask OnWindowAsync(DriftWindowEventArgs window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var metrics = DriftMetrics.Flatten(window.Report).Select(m => new KeyValuePair<string, double>(_prefix + m.Key, m.Value)).ToList();
        return _logger.LogMetricsAsync(_runId, metrics, window.WindowIndex, window.Timestamp, cancellationToken);
    }
}
