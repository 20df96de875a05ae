namespace MLOps.Tracking;

/// <summary>
/// Logs metric values to a tracked run: the seam through which other modules (drift monitors, load
/// tests, pipelines) record numbers in a run without depending on the tracking module.
/// <c>AddTracking()</c> registers the implementation over the workspace's tracking store.
/// </summary>
public interface IRunMetricLogger
{
    /// <summary>Logs one value per metric at a step.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="metrics">Metric keys and values.</param>
    /// <param name="step">The step (a window index, an epoch).</param>
    /// <param name="timestamp">When the values were measured.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the values are accepted (buffered writes are flushed on the tracker's own schedule).</returns>
    /// <exception cref="NotFoundException">The run does not exist.</exception>
    /// <exception cref="ValidationException">A key is invalid.</exception>
    ValueTask LogMetricsAsync(string runId, IReadOnlyList<KeyValuePair<string, double>> metrics, long step, DateTimeOffset timestamp, CancellationToken cancellationToken = default);
}
