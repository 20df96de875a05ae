namespace MLOps.Pipelines.Triggers;

/// <summary>New dataset commits, as the dataset trigger consumes them; <see cref="SqlDatasetCommitSource"/> polls the workspace.</summary>
public interface IDatasetCommitSource
{
    /// <summary>Yields each new commit until cancelled.</summary>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>The commits, oldest first.</returns>
    IAsyncEnumerable<DatasetCommit> WatchAsync(CancellationToken cancellationToken = default);
}
