using System.Data.Common;
using MLOps.Storage;
using MLOps.Storage.Sql;

namespace MLOps.Pipelines.Persistence;

/// <summary>The SQL side of pipelines: runs, steps and cache entries in the <c>pl</c> module's tables, one SQL text for SQLite and PostgreSQL.</summary>
internal sealed class PipelineStore
{
    private static readonly string[] StepColumns =
        ["run_id", "step", "position", "state", "attempts", "started_at", "duration_us", "cache_key", "output_hash", "serializer", "inline_output", "error"];

    private static readonly string[] CacheColumns = ["cache_key", "step", "output_hash", "serializer", "inline_output", "created_at", "run_id"];

    private static readonly string[] RunColumns =
        ["id", "pipeline", "status", "started_at", "duration_us", "step_count", "cached_count", "parameters", "tracking_run_id", "error"];

    private readonly string _upsertStep;
    private readonly string _upsertCache;
    private readonly string _upsertRun;

    private PipelineStore(MLOpsWorkspace workspace)
    {
        Workspace = workspace;
        var d = workspace.Dialect;
        RunsTable = PipelineMigrations.Runs(d);
        StepsTable = PipelineMigrations.Steps(d);
        CacheTable = PipelineMigrations.Cache(d);
        _upsertStep = d.Upsert(StepsTable, StepColumns, ["run_id", "step"], StepColumns[2..]);
        _upsertCache = d.Upsert(CacheTable, CacheColumns, ["cache_key"], CacheColumns[1..]);
        _upsertRun = d.Upsert(RunsTable, RunColumns, ["id"], RunColumns[1..]);
    }

    public MLOpsWorkspace Workspace { get; }

    public string RunsTable { get; }

    public string StepsTable { get; }

    public string CacheTable { get; }

    public static async ValueTask<PipelineStore> OpenAsync(MLOpsWorkspace workspace, CancellationToken cancellationToken)
    {
        await workspace.MigrateAsync(PipelineMigrations.Instance, cancellationToken).ConfigureAwait(false);
        return new PipelineStore(workspace);
    }

    public ValueTask SaveRunAsync(RunRecord run, CancellationToken cancellationToken) =>
        Workspace.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await connection.ExecuteAsync(
                    _upsertRun,
                    transaction,
                    ct,
                    ("id", run.Id),
                    ("pipeline", run.Pipeline),
                    ("status", StateNames.Of(run.Status)),
                    ("started_at", run.StartedAtMicros),
                    ("duration_us", run.DurationMicros),
                    ("step_count", run.StepCount),
                    ("cached_count", run.CachedCount),
                    ("parameters", run.Parameters),
                    ("tracking_run_id", run.TrackingRunId),
                    ("error", run.Error)).ConfigureAwait(false);
            },
            cancellationToken);

    public ValueTask WriteAsync(IReadOnlyList<StepRecord> steps, IReadOnlyList<CacheEntry> cache, CancellationToken cancellationToken) =>
        Workspace.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                if (steps.Count > 0)
                {
                    await using var command = connection.CreateCommand(_upsertStep, transaction);
                    var p = StepColumns.Select(c => command.AddParameter(c, null)).ToArray();
                    foreach (var s in steps)
                    {
                        Set(p, s.RunId, s.Step, s.Position, StateNames.Of(s.State), s.Attempts, s.StartedAtMicros, s.DurationMicros, s.CacheKey, s.OutputHash, s.Serializer, s.InlineOutput, s.Error);
                        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }
                }

                if (cache.Count > 0)
                {
                    await using var command = connection.CreateCommand(_upsertCache, transaction);
                    var p = CacheColumns.Select(c => command.AddParameter(c, null)).ToArray();
                    foreach (var e in cache)
                    {
                        Set(p, e.Key, e.Step, e.OutputHash.ToString(), e.Serializer, e.InlineOutput, e.CreatedAtMicros, e.RunId);
                        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }
                }
            },
            cancellationToken);

    public async ValueTask WriteCacheAsync(DbConnection connection, DbTransaction transaction, CacheEntry e, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(
            _upsertCache,
            transaction,
            cancellationToken,
            ("cache_key", e.Key),
            ("step", e.Step),
            ("output_hash", e.OutputHash.ToString()),
            ("serializer", e.Serializer),
            ("inline_output", e.InlineOutput),
            ("created_at", e.CreatedAtMicros),
            ("run_id", e.RunId)).ConfigureAwait(false);

    /// <summary>
    /// The cache keys of the given steps, at most <paramref name="limit"/> in all: keys only, so a run can
    /// tell a miss without a query while a long cache history costs it little. <c>Complete</c> is false
    /// when there were more (a miss must then be checked with <see cref="GetCacheAsync"/>).
    /// </summary>
    public async ValueTask<(HashSet<string> Keys, bool Complete)> LoadCacheKeysAsync(IReadOnlyList<string> steps, int limit, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in steps.Chunk(500))
        {
            var names = string.Join(", ", chunk.Select((_, i) => "@s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var parameters = chunk.Select((s, i) => ("s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)s)).ToArray();
            var rows = await QueryAsync(
                $"SELECT cache_key FROM {CacheTable} WHERE step IN ({names}) LIMIT {(limit - keys.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                static r => r.GetString(0),
                cancellationToken,
                parameters).ConfigureAwait(false);
            keys.UnionWith(rows);
            if (keys.Count > limit)
            {
                return (keys, false);
            }
        }

        return (keys, true);
    }

    public async ValueTask<CacheEntry?> GetCacheAsync(string key, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT cache_key, step, output_hash, serializer, inline_output, created_at, run_id FROM {CacheTable} WHERE cache_key = @key",
            ReadCache,
            cancellationToken,
            ("key", key)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {string.Join(", ", RunColumns)} FROM {RunsTable} WHERE id = @id", ReadRun, cancellationToken, ("id", runId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(string? pipeline, int limit, CancellationToken cancellationToken)
    {
        var where = pipeline is null ? string.Empty : " WHERE pipeline = @pipeline";
        return await QueryAsync(
            $"SELECT {string.Join(", ", RunColumns)} FROM {RunsTable}{where} ORDER BY started_at DESC, id DESC LIMIT {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            ReadRun,
            cancellationToken,
            pipeline is null ? [] : [("pipeline", pipeline)]).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<StepRecord>> GetStepsAsync(string runId, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {string.Join(", ", StepColumns)} FROM {StepsTable} WHERE run_id = @id ORDER BY position",
            static r => new StepRecord(
                r.GetString(0),
                r.GetString(1),
                r.GetInt32(2),
                StateNames.ParseStep(r.GetString(3)),
                r.GetInt32(4),
                r.GetInt64(5),
                r.GetInt64(6),
                NullableString(r, 7),
                NullableString(r, 8),
                NullableString(r, 9),
                r.IsDBNull(10) ? null : (byte[])r.GetValue(10),
                NullableString(r, 11)),
            cancellationToken,
            ("id", runId)).ConfigureAwait(false);

    private static CacheEntry ReadCache(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        ContentHash.Parse(r.GetString(2)),
        r.GetString(3),
        r.IsDBNull(4) ? null : (byte[])r.GetValue(4),
        r.GetInt64(5),
        r.GetString(6));

    private static RunRecord ReadRun(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        StateNames.ParseRun(r.GetString(2)),
        r.GetInt64(3),
        r.IsDBNull(4) ? null : r.GetInt64(4),
        r.GetInt32(5),
        r.GetInt32(6),
        r.GetString(7),
        NullableString(r, 8),
        NullableString(r, 9));

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void Set(DbParameter[] parameters, params object?[] values)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private async ValueTask<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await Workspace.Database.ReadAsync(
            async (connection, ct) =>
            {
                await using var command = connection.CreateCommand(sql, null, parameters);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var list = new List<T>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    list.Add(map(reader));
                }

                return list;
            },
            cancellationToken).ConfigureAwait(false);
}
