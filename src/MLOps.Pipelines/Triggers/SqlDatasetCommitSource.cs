using System.Runtime.CompilerServices;
using MLOps.Storage;
using MLOps.Storage.Sql;

namespace MLOps.Pipelines.Triggers;

/// <summary>
/// Polls the data-versioning commit index (<c>dv.commits</c>) of a workspace for a dataset's new commits,
/// without referencing the data-versioning package. Commits present when watching starts are the baseline
/// and do not fire. A workspace without data versioning yet simply has no commits.
/// </summary>
/// <param name="workspace">The workspace.</param>
/// <param name="dataset">The dataset to watch.</param>
/// <param name="pollInterval">How often to look; at least 10 ms.</param>
/// <param name="timeProvider">The clock for the waits; the workspace's when null.</param>
public sealed class SqlDatasetCommitSource(MLOpsWorkspace workspace, string dataset, TimeSpan pollInterval, TimeProvider? timeProvider = null) : IDatasetCommitSource
{
    private readonly MLOpsWorkspace _workspace = workspace ?? throw new ArgumentNullException(nameof(workspace));
    private readonly string _dataset = !string.IsNullOrWhiteSpace(dataset) ? dataset : throw new ValidationException("SqlDatasetCommitSource needs a dataset name.");
    private readonly TimeSpan _interval = pollInterval >= TimeSpan.FromMilliseconds(10) ? pollInterval : throw new ValidationException($"SqlDatasetCommitSource poll interval must be at least 10 ms (got {pollInterval}).");
    private readonly TimeProvider _time = timeProvider ?? workspace.TimeProvider;

    /// <inheritdoc />
    public async IAsyncEnumerable<DatasetCommit> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(await ReadAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        while (true)
        {
            await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
            foreach (var id in await ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add(id))
                {
                    yield return new DatasetCommit(_dataset, id, _time.GetUtcNow());
                }
            }
        }
    }

    private async ValueTask<List<string>> ReadAsync(CancellationToken cancellationToken)
    {
        var table = _workspace.Dialect.Table("dv", "commits");
        try
        {
            return await _workspace.Database.ReadAsync(
                async (connection, ct) =>
                {
                    await using var command = connection.CreateCommand($"SELECT id FROM {table} WHERE dataset = @dataset ORDER BY committed_at, id", null, ("dataset", _dataset));
                    await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    var ids = new List<string>();
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        ids.Add(reader.GetString(0));
                    }

                    return ids;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException)
        {
            if (await TableExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            return [];
        }
    }

    private async ValueTask<bool> TableExistsAsync(CancellationToken cancellationToken)
    {
        var applied = await _workspace.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false);
        return applied.Any(static m => string.Equals(m.Module, "dv", StringComparison.Ordinal));
    }
}
