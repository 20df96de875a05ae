using System.Data.Common;
using System.Globalization;
using System.Text;
using MLOps.Storage.Sql;
using MLOps.Tracking.Experiments;
using MLOps.Tracking.Metrics;
using MLOps.Tracking.Runs;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking.Import;

/// <summary>
/// Imports runs in bulk: chunks of runs per transaction, every table written with the dialect's bulk
/// insert (binary COPY on PostgreSQL), metric summaries folded in memory. Everything is validated before
/// the first write of a chunk.
/// </summary>
internal sealed class RunImporter(TrackingContext context)
{
    private const int ChunkSize = 1000;
    private const int AnalyzeAfter = 10_000;

    private static readonly string[] RunColumns = ["run_id", "experiment_id", "name", "status", "start_time", "end_time", "heartbeat_at", "source_user"];
    private static readonly SqlType[] RunTypes = [SqlType.Text, SqlType.Int64, SqlType.Text, SqlType.Text, SqlType.Int64, SqlType.Int64, SqlType.Int64, SqlType.Text];
    private static readonly string[] ParamColumns = ["run_seq", "key", "kind", "value_text", "value_num", "sort_key"];
    private static readonly SqlType[] ParamTypes = [SqlType.Int64, SqlType.Text, SqlType.Int64, SqlType.Text, SqlType.Float64, SqlType.Text];
    private static readonly string[] TagColumns = ["run_seq", "key", "value"];
    private static readonly SqlType[] TagTypes = [SqlType.Int64, SqlType.Text, SqlType.Text];
    private static readonly string[] SummaryColumns = ["run_seq", "key", "last_value", "last_step", "last_timestamp", "min_value", "min_step", "max_value", "max_step", "point_count"];
    private static readonly SqlType[] SummaryTypes = [SqlType.Int64, SqlType.Text, SqlType.Float64, SqlType.Int64, SqlType.Int64, SqlType.Float64, SqlType.Int64, SqlType.Float64, SqlType.Int64, SqlType.Int64];
    private static readonly string[] InputColumns = ["run_seq", "reference", "kind", "name", "version", "context", "logged_at"];
    private static readonly SqlType[] InputTypes = [SqlType.Int64, SqlType.Text, SqlType.Text, SqlType.Text, SqlType.Text, SqlType.Text, SqlType.Int64];

    public async ValueTask<IReadOnlyList<string>> ImportAsync(string experimentName, IEnumerable<RunImport> runs, CancellationToken cancellationToken)
    {
        TrackingNames.Name(experimentName, "experiment name");
        ArgumentNullException.ThrowIfNull(runs);
        var ids = new List<string>();
        var chunk = new List<(string Id, RunImport Run)>(ChunkSize);
        foreach (var run in runs)
        {
            Validate(run, ids.Count + chunk.Count);
            chunk.Add((Guid.NewGuid().ToString("N"), run));
            if (chunk.Count == ChunkSize)
            {
                await WriteChunkAsync(experimentName, chunk, cancellationToken).ConfigureAwait(false);
                ids.AddRange(chunk.Select(c => c.Id));
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            await WriteChunkAsync(experimentName, chunk, cancellationToken).ConfigureAwait(false);
            ids.AddRange(chunk.Select(c => c.Id));
        }

        if (!context.IsSqlite && ids.Count >= AnalyzeAfter)
        {
            // PostgreSQL plans searches from table statistics; refresh them now rather than leave the
            // first searches after a large import to a planner that believes the tables are empty.
            var t = context.Tables;
            await context.Database.WriteAsync(
                async (connection, transaction, ct) => await connection.ExecuteAsync(
                    $"ANALYZE {t.Runs}, {t.Params}, {t.Tags}, {t.Summaries}, {t.Inputs}", transaction, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }

        return ids;
    }

    private static void Validate(RunImport run, int index)
    {
        if (run is null)
        {
            throw new ValidationException($"Run import #{index} is null.");
        }

        if (run.Name is not null)
        {
            TrackingNames.Name(run.Name, $"name of run import #{index}");
        }

        RunStatusNames.ToName(run.Status);
        RunDataStore.CheckParams($"import #{index}", run.Params ?? throw new ValidationException($"Run import #{index} has null Params."));
        foreach (var (key, value) in run.Tags ?? throw new ValidationException($"Run import #{index} has null Tags."))
        {
            TrackingNames.Key(key, "run tag");
            TrackingNames.TagValue(value, key);
        }

        foreach (var (key, points) in run.Metrics ?? throw new ValidationException($"Run import #{index} has null Metrics."))
        {
            TrackingNames.Key(key, "metric");
            if (points is null || points.Count == 0)
            {
                throw new ValidationException($"Metric '{key}' of run import #{index} has no points.");
            }
        }

        if (run.Inputs is null || run.Inputs.Any(i => i is null))
        {
            throw new ValidationException($"Run import #{index} has a null input list or input.");
        }
    }

    private ValueTask WriteChunkAsync(string experimentName, List<(string Id, RunImport Run)> chunk, CancellationToken cancellationToken) =>
        context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                if (context.IsSqlite)
                {
                    // A bulk import touches pages of every index at once: a larger page cache for this
                    // connection keeps them in memory instead of re-reading them for every chunk.
                    await connection.ExecuteAsync("PRAGMA cache_size = -65536", transaction, ct).ConfigureAwait(false);
                }

                var experimentId = await ExperimentRows.GetOrCreateActiveAsync(context, connection, transaction, experimentName, ct).ConfigureAwait(false);
                var now = context.Now();
                var t = context.Tables;
                var dialect = context.Dialect;
                await dialect.BulkInsertAsync(transaction, t.Runs, RunColumns, RunTypes, chunk.Select(c =>
                {
                    var start = c.Run.StartTime is { } s ? Micros.From(s) : now;
                    long? end = c.Run.Status == RunStatus.Running ? null : c.Run.EndTime is { } e ? Micros.From(e) : start;
                    return new object?[] { c.Id, experimentId, c.Run.Name, RunStatusNames.ToName(c.Run.Status), start, end, end ?? start, context.User };
                }), ct).ConfigureAwait(false);
                var seqs = await ReadSeqsAsync(connection, transaction, chunk, ct).ConfigureAwait(false);
                var runs = chunk.Select(c => (Seq: seqs[c.Id], c.Run)).ToList();
                await dialect.BulkInsertAsync(transaction, t.Params, ParamColumns, ParamTypes, runs.SelectMany(r => r.Run.Params.Select(p => new object?[]
                {
                    r.Seq, p.Key, (long)p.Value.Kind, p.Value.ToString(), p.Value.Number is { } n && !double.IsNaN(n) ? n : null, p.Value.SortKey(),
                })), ct).ConfigureAwait(false);
                await dialect.BulkInsertAsync(transaction, t.Tags, TagColumns, TagTypes, runs.SelectMany(r => r.Run.Tags.Select(p => new object?[] { r.Seq, p.Key, p.Value })), ct).ConfigureAwait(false);
                var series = runs.SelectMany(r => r.Run.Metrics.Select(m => (r.Seq, m.Key, Buffer: Series(m.Value)))).ToList();
                await dialect.BulkInsertAsync(transaction, t.Chunks, MetricBatchStore.ChunkColumns, MetricBatchStore.ChunkTypes, series.Select(x =>
                {
                    var (chunk, first, last) = x.Buffer.Encode();
                    return new object?[] { x.Seq, x.Key, first, last, (long)x.Buffer.Count, chunk };
                }), ct).ConfigureAwait(false);
                await dialect.BulkInsertAsync(transaction, t.Summaries, SummaryColumns, SummaryTypes, series.Select(x => Summary(x.Seq, x.Key, x.Buffer.Summary)), ct).ConfigureAwait(false);
                await dialect.BulkInsertAsync(transaction, t.Inputs, InputColumns, InputTypes, runs.SelectMany(r => r.Run.Inputs.Distinct().Select(i =>
                {
                    var parts = InputParts.Of(i);
                    return new object?[] { r.Seq, i.ToString(), i.Kind, parts.Name, parts.Version, null, now };
                })), ct).ConfigureAwait(false);
            },
            cancellationToken);

    private static SeriesBuffer Series(IReadOnlyList<MetricPoint> points)
    {
        var buffer = new SeriesBuffer();
        foreach (var point in points)
        {
            buffer.Add(point.Step, point.Value, Micros.From(point.Timestamp));
        }

        return buffer;
    }

    private static object?[] Summary(long seq, string key, SummaryAccumulator summary) =>
        [seq, key, ReaderExtensions.StoredMetric(summary.LastValue), summary.LastStep, summary.LastTimestamp, summary.Min, summary.MinStep, summary.Max, summary.MaxStep, summary.Count];

    private async ValueTask<Dictionary<string, long>> ReadSeqsAsync(DbConnection connection, DbTransaction transaction, List<(string Id, RunImport Run)> chunk, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT run_id, run_seq FROM {context.Tables.Runs} WHERE run_id IN (");
        var parameters = new (string Name, object? Value)[chunk.Count];
        for (var i = 0; i < chunk.Count; i++)
        {
            var name = "r" + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "@" : ", @").Append(name);
            parameters[i] = (name, chunk[i].Id);
        }

        var seqs = new Dictionary<string, long>(chunk.Count, StringComparer.Ordinal);
        await using var command = connection.CreateCommand(sql.Append(')').ToString(), transaction, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            seqs[reader.GetString(0)] = reader.Int64(1);
        }

        return seqs;
    }
}
