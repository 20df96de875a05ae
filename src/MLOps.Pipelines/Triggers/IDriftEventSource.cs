namespace MLOps.Pipelines.Triggers;

/// <summary>A drift detector's events, as the drift trigger consumes them (implemented by an adapter over the drift monitor).</summary>
public interface IDriftEventSource
{
    /// <summary>Yields each drift detection until cancelled.</summary>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>The detections.</returns>
    IAsyncEnumerable<DriftEvent> WatchAsync(CancellationToken cancellationToken = default);
}
