using System.Runtime.CompilerServices;

namespace MLOps.Pipelines.Triggers;

/// <summary>Fires on each new commit of a dataset, passing the commit id as a run parameter when asked.</summary>
/// <param name="source">The commits.</param>
/// <param name="parameterName">The pipeline parameter (a string) that receives the commit id, or null for none.</param>
public sealed class DatasetCommitTrigger(IDatasetCommitSource source, string? parameterName = null) : IPipelineTrigger
{
    private readonly IDatasetCommitSource _source = source ?? throw new ArgumentNullException(nameof(source));

    /// <inheritdoc />
    public async IAsyncEnumerable<TriggerEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var commit in _source.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            var parameters = parameterName is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal) { [parameterName] = commit.CommitId };
            yield return new TriggerEvent("dataset", $"{commit.Dataset}@{commit.CommitId}", commit.At, parameters);
        }
    }
}
