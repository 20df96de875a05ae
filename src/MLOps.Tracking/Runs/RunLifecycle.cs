using MLOps.Storage.Sql;
using MLOps.Tracking.Experiments;
using MLOps.Tracking.Schema;

namespace MLOps.Tracking.Runs;

/// <summary>The SQL of a run's life: create, end, heartbeat, sweep, delete, restore, rename.</summary>
internal sealed class RunLifecycle(TrackingContext context)
{
    private readonly string _createRun =
        $"INSERT INTO {context.Tables.Runs} (run_id, experiment_id, name, status, start_time, heartbeat_at, parent_run_id, " +
        "source_user, source_host, source_git_commit, source_entry) VALUES (@run_id, @experiment_id, @name, @status, @now, @now, @parent, " +
        "@user, @host, @commit, @entry) RETURNING run_seq";

    public async ValueTask<RunRow> CreateAsync(string experimentName, RunStartOptions options, CancellationToken cancellationToken)
    {
        TrackingNames.Name(experimentName, "experiment name");
        if (options.Name is not null)
        {
            TrackingNames.Name(options.Name, "run name");
        }

        var tags = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in options.Tags ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            tags.Add(new(TrackingNames.Key(key, "run tag"), TrackingNames.TagValue(value, key)));
        }

        var source = context.Options.CaptureSource ? RunSourceCapture.Capture(context.User) : RunSource.Unknown;
        var runId = Guid.NewGuid().ToString("N");
        var parameters = options.Params is { Count: > 0 } given ? RunDataStore.CheckParams(runId, given) : null;
        return await context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                if (options.ParentRunId is { } parent)
                {
                    await RunRow.RequireAsync(context, connection, transaction, parent, ct).ConfigureAwait(false);
                }

                var experimentId = await ExperimentRows.GetOrCreateActiveAsync(context, connection, transaction, experimentName, ct).ConfigureAwait(false);
                var seq = await connection.ScalarAsync<long>(
                    _createRun,
                    transaction,
                    ct,
                    ("run_id", runId),
                    ("experiment_id", experimentId),
                    ("name", options.Name),
                    ("status", RunStatusNames.ToName(RunStatus.Running)),
                    ("now", context.Now()),
                    ("parent", options.ParentRunId),
                    ("user", source.User),
                    ("host", source.Host),
                    ("commit", source.GitCommit),
                    ("entry", source.EntryAssembly)).ConfigureAwait(false);
                var upsert = context.Dialect.Upsert(context.Tables.Tags, ["run_seq", "key", "value"], ["run_seq", "key"], ["value"]);
                foreach (var (key, value) in tags)
                {
                    await connection.ExecuteAsync(upsert, transaction, ct, ("run_seq", seq), ("key", key), ("value", value)).ConfigureAwait(false);
                }

                if (parameters is not null)
                {
                    await new RunDataStore(context).WriteParamsAsync(connection, transaction, runId, parameters, ct).ConfigureAwait(false);
                }

                return new RunRow(seq, runId, experimentId, RunStatus.Running, null);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a RUNNING run; ending it again with the same status is a no-op.</summary>
    public async ValueTask EndAsync(string runId, RunStatus status, CancellationToken cancellationToken)
    {
        var name = RunStatusNames.ToName(status);
        if (status == RunStatus.Running)
        {
            throw new ValidationException($"Run '{runId}' cannot be ended with status RUNNING; use FINISHED, FAILED or KILLED.");
        }

        await context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var row = await RunRow.RequireAsync(context, connection, transaction, runId, ct).ConfigureAwait(false);
                if (row.Status == status)
                {
                    return;
                }

                if (row.Status != RunStatus.Running)
                {
                    throw new ConflictException($"Run '{runId}' already ended with status {RunStatusNames.ToName(row.Status)}; it cannot end again as {name}.");
                }

                var now = context.Now();
                await connection.ExecuteAsync(
                    $"UPDATE {context.Tables.Runs} SET status = @status, end_time = @now, heartbeat_at = @now WHERE run_seq = @seq",
                    transaction,
                    ct,
                    ("status", name),
                    ("now", now),
                    ("seq", row.Seq)).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<int> HeartbeatAsync(long runSeq, CancellationToken cancellationToken) =>
        context.Database.WriteAsync(
            async (connection, transaction, ct) => await connection.ExecuteAsync(
                $"UPDATE {context.Tables.Runs} SET heartbeat_at = @now WHERE run_seq = @seq AND status = @running",
                transaction,
                ct,
                ("now", context.Now()),
                ("seq", runSeq),
                ("running", RunStatusNames.ToName(RunStatus.Running))).ConfigureAwait(false),
            cancellationToken);

    /// <summary>Marks RUNNING runs whose last heartbeat is older than the timeout KILLED, ending them at their last heartbeat.</summary>
    public async ValueTask<IReadOnlyList<string>> SweepAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var cutoff = context.Now() - (long)(timeout.TotalMilliseconds * 1000);
        var t = context.Tables;
        return await context.Database.WriteAsync<IReadOnlyList<string>>(
            async (connection, transaction, ct) =>
            {
                var killed = new List<string>();
                await using (var command = connection.CreateCommand(
                    $"UPDATE {t.Runs} SET status = @killed, end_time = heartbeat_at WHERE status = @running AND heartbeat_at < @cutoff RETURNING run_id",
                    transaction,
                    ("killed", RunStatusNames.ToName(RunStatus.Killed)),
                    ("running", RunStatusNames.ToName(RunStatus.Running)),
                    ("cutoff", cutoff)))
                await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        killed.Add(reader.GetString(0));
                    }
                }

                killed.Sort(StringComparer.Ordinal);
                return killed;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask SetDeletedAsync(string runId, bool deleted, CancellationToken cancellationToken) =>
        context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var row = await RunRow.RequireAsync(context, connection, transaction, runId, ct).ConfigureAwait(false);
                if ((row.DeletedAt is not null) != deleted)
                {
                    await connection.ExecuteAsync(
                        $"UPDATE {context.Tables.Runs} SET deleted_at = @at WHERE run_seq = @seq",
                        transaction,
                        ct,
                        ("at", deleted ? context.Now() : null),
                        ("seq", row.Seq)).ConfigureAwait(false);
                }
            },
            cancellationToken);

    public ValueTask RenameAsync(string runId, string? name, CancellationToken cancellationToken)
    {
        if (name is not null)
        {
            TrackingNames.Name(name, "run name");
        }

        return context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var row = await RunRow.RequireActiveAsync(context, connection, transaction, runId, ct).ConfigureAwait(false);
                await connection.ExecuteAsync($"UPDATE {context.Tables.Runs} SET name = @name WHERE run_seq = @seq", transaction, ct, ("name", name), ("seq", row.Seq)).ConfigureAwait(false);
            },
            cancellationToken);
    }
}
