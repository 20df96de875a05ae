using System.Globalization;
using MLOps.Pipelines.Persistence;
using MLOps.Storage.Sql;

namespace MLOps.Pipelines.Workers;

/// <summary>The SQL of distributed runs: claims with <c>FOR UPDATE SKIP LOCKED</c>, leases, compare-and-swap completion.</summary>
internal sealed class WorkerStore(PipelineStore store)
{
    private readonly string _steps = store.StepsTable;

    public PipelineStore Store => store;

    public async ValueTask<Dictionary<string, (StepState State, long? LeaseUntil)>> StatesAsync(string runId, CancellationToken cancellationToken) =>
        await store.Workspace.Database.ReadAsync(
            async (connection, ct) =>
            {
                await using var command = connection.CreateCommand($"SELECT step, state, lease_until FROM {_steps} WHERE run_id = @run", null, ("run", runId));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var states = new Dictionary<string, (StepState, long?)>(StringComparer.Ordinal);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    states[reader.GetString(0)] = (StateNames.ParseStep(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetInt64(2));
                }

                return states;
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>Claims one of the candidate steps that is pending or whose lease expired; null when another worker holds them all.</summary>
    public ValueTask<string?> ClaimAsync(string runId, IReadOnlyList<string> candidates, string worker, long nowMicros, long leaseMicros, CancellationToken cancellationToken) =>
        store.Workspace.Database.WriteAsync<string?>(
            async (connection, transaction, ct) =>
            {
                var names = string.Join(", ", candidates.Select((_, i) => "@c" + i.ToString(CultureInfo.InvariantCulture)));
                await using var select = connection.CreateCommand(
                    $"SELECT step FROM {_steps} WHERE run_id = @run AND step IN ({names}) " +
                    "AND (state = 'pending' OR (state = 'running' AND lease_until < @now)) ORDER BY position LIMIT 1 FOR UPDATE SKIP LOCKED",
                    transaction,
                    ("run", runId),
                    ("now", nowMicros));
                for (var i = 0; i < candidates.Count; i++)
                {
                    select.AddParameter("c" + i.ToString(CultureInfo.InvariantCulture), candidates[i]);
                }

                if (await select.ExecuteScalarAsync(ct).ConfigureAwait(false) is not string step)
                {
                    return null;
                }

                await connection.ExecuteAsync(
                    $"UPDATE {_steps} SET state = 'running', worker = @worker, lease_until = @lease, started_at = @now WHERE run_id = @run AND step = @step",
                    transaction,
                    ct,
                    ("worker", worker),
                    ("lease", nowMicros + leaseMicros),
                    ("now", nowMicros),
                    ("run", runId),
                    ("step", step)).ConfigureAwait(false);
                return step;
            },
            cancellationToken);

    /// <summary>Renews a claim; false when the worker no longer holds it.</summary>
    public async ValueTask<bool> HeartbeatAsync(string runId, string step, string worker, long leaseUntil, CancellationToken cancellationToken) =>
        await store.Workspace.Database.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(
                $"UPDATE {_steps} SET lease_until = @lease WHERE run_id = @run AND step = @step AND worker = @worker AND state = 'running'",
                transaction,
                ct,
                ("lease", leaseUntil),
                ("run", runId),
                ("step", step),
                ("worker", worker)),
            cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>
    /// Records a claimed step's outcome if the worker still holds the claim (compare-and-swap on worker and state),
    /// with its cache entry in the same transaction. False when the claim was lost: nothing is written.
    /// </summary>
    public ValueTask<bool> CompleteAsync(StepRecord record, string worker, CacheEntry? cache, CancellationToken cancellationToken) =>
        store.Workspace.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var updated = await connection.ExecuteAsync(
                    $"UPDATE {_steps} SET state = @state, attempts = @attempts, duration_us = @duration, cache_key = @key, output_hash = @hash, serializer = @serializer, " +
                    "inline_output = @inline, error = @error, lease_until = NULL WHERE run_id = @run AND step = @step AND worker = @worker AND state = 'running'",
                    transaction,
                    ct,
                    ("state", StateNames.Of(record.State)),
                    ("attempts", record.Attempts),
                    ("duration", record.DurationMicros),
                    ("key", record.CacheKey),
                    ("hash", record.OutputHash),
                    ("serializer", record.Serializer),
                    ("inline", record.InlineOutput),
                    ("error", record.Error),
                    ("run", record.RunId),
                    ("step", record.Step),
                    ("worker", worker)).ConfigureAwait(false);
                if (updated != 1)
                {
                    return false;
                }

                if (cache is not null)
                {
                    await store.WriteCacheAsync(connection, transaction, cache, ct).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken);

    public ValueTask ReleaseAsync(string runId, string step, string worker, CancellationToken cancellationToken) =>
        store.Workspace.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await connection.ExecuteAsync(
                    $"UPDATE {_steps} SET state = 'pending', worker = NULL, lease_until = NULL WHERE run_id = @run AND step = @step AND worker = @worker AND state = 'running'",
                    transaction,
                    ct,
                    ("run", runId),
                    ("step", step),
                    ("worker", worker)).ConfigureAwait(false);
            },
            cancellationToken);

    public ValueTask SkipAsync(string runId, string step, string reason, CancellationToken cancellationToken) =>
        store.Workspace.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await connection.ExecuteAsync(
                    $"UPDATE {_steps} SET state = 'skipped', error = @error WHERE run_id = @run AND step = @step AND state = 'pending'",
                    transaction,
                    ct,
                    ("error", reason),
                    ("run", runId),
                    ("step", step)).ConfigureAwait(false);
            },
            cancellationToken);

    public ValueTask FinishRunAsync(string runId, PipelineRunStatus status, long durationMicros, int cached, string? error, CancellationToken cancellationToken) =>
        store.Workspace.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await connection.ExecuteAsync(
                    $"UPDATE {store.RunsTable} SET status = @status, duration_us = @duration, cached_count = @cached, error = @error WHERE id = @run AND status = 'running'",
                    transaction,
                    ct,
                    ("status", StateNames.Of(status)),
                    ("duration", durationMicros),
                    ("cached", cached),
                    ("error", error),
                    ("run", runId)).ConfigureAwait(false);
            },
            cancellationToken);
}
