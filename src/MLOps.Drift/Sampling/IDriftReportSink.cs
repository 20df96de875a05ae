namespace MLOps.Drift;

/// <summary>
/// Receives every window a <see cref="DriftSampler"/>'s monitor evaluates: the seam through which drift
/// metrics reach a tracking run (log <see cref="DriftMetrics.Flatten"/> of the report) or an alerting system.
/// </summary>
public interface IDriftReportSink
{
    /// <summary>Handles one evaluated window. Called in order, from the sampler's background loop, never on a request thread.</summary>
    /// <param name="window">The window and its report.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    /// <returns>A task that completes when handled; failures are counted and do not stop the sampler.</returns>
    ValueTask OnWindowAsync(DriftWindowEventArgs window, CancellationToken cancellationToken);
}
