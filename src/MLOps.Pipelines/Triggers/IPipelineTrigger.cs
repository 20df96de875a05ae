namespace MLOps.Pipelines.Triggers;

/// <summary>A source of reasons to run a pipeline: a schedule, new data, drift, or anything an app raises.</summary>
public interface IPipelineTrigger
{
    /// <summary>Yields an event each time the pipeline should run, until cancelled.</summary>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<TriggerEvent> WatchAsync(CancellationToken cancellationToken = default);
}
