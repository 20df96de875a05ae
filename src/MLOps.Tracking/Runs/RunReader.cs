using System.Data.Common;
using System.Globalization;
using System.Text;
using MLOps.Lineage;
using MLOps.Storage.Sql;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking.Runs;

/// <summary>Loads whole runs (attributes, params, tags, metric summaries, inputs) for a list of run sequence numbers, a few queries per chunk.</summary>
internal sealed class RunReader(TrackingContext context)
{
    private const int ChunkSize = 500;

    public const string RunColumns =
        "run_seq, run_id, experiment_id, name, status, start_time, end_time, parent_run_id, heartbeat_at, deleted_at, " +
        "source_user, source_host, source_git_commit, source_entry";

    public async ValueTask<Run> GetAsync(DbConnection connection, string runId, CancellationToken cancellationToken)
    {
        var row = await RunRow.RequireAsync(context, connection, null, runId, cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(connection, [row.Seq], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Reads the runs with the given sequence numbers, in the order given (missing ones are skipped).</summary>
    public async ValueTask<IReadOnlyList<Run>> ReadAsync(DbConnection connection, IReadOnlyList<long> seqs, CancellationToken cancellationToken)
    {
        var builders = new Dictionary<long, RunParts>();
        for (var start = 0; start < seqs.Count; start += ChunkSize)
        {
            var chunk = seqs.Skip(start).Take(ChunkSize).ToList();
            await ReadChunkAsync(connection, chunk, builders, cancellationToken).ConfigureAwait(false);
        }

        var runs = new List<Run>(seqs.Count);
        foreach (var seq in seqs)
        {
            if (builders.TryGetValue(seq, out var parts))
            {
                runs.Add(parts.Build());
            }
        }

        return runs;
    }

    private async ValueTask ReadChunkAsync(DbConnection connection, List<long> chunk, Dictionary<long, RunParts> parts, CancellationToken cancellationToken)
    {
        var t = context.Tables;
        var (inList, parameters) = InList(chunk);
        await ForEachAsync(connection, $"SELECT {RunColumns} FROM {t.Runs} WHERE run_seq IN ({inList})", parameters, r => parts[r.Int64(0)] = new RunParts(ReadAttributes(r)), cancellationToken).ConfigureAwait(false);
        await ForEachAsync(
            connection,
            $"SELECT run_seq, key, kind, value_text FROM {t.Params} WHERE run_seq IN ({inList})",
            parameters,
            r => parts[r.Int64(0)].Params[r.GetString(1)] = ParamValue.Parse((ParamKind)r.Int64(2), r.GetString(3)),
            cancellationToken).ConfigureAwait(false);
        await ForEachAsync(connection, $"SELECT run_seq, key, value FROM {t.Tags} WHERE run_seq IN ({inList})", parameters, r => parts[r.Int64(0)].Tags[r.GetString(1)] = r.GetString(2), cancellationToken).ConfigureAwait(false);
        await ForEachAsync(
            connection,
            $"SELECT run_seq, {SummaryColumns} FROM {t.Summaries} WHERE run_seq IN ({inList})",
            parameters,
            r =>
            {
                var summary = ReadSummary(r, 1);
                parts[r.Int64(0)].Metrics[summary.Key] = summary;
            },
            cancellationToken).ConfigureAwait(false);
        await ForEachAsync(
            connection,
            $"SELECT run_seq, reference, context, logged_at FROM {t.Inputs} WHERE run_seq IN ({inList}) ORDER BY logged_at, reference",
            parameters,
            r => parts[r.Int64(0)].Inputs.Add(new RunInput(LineageReference.Parse(r.GetString(1)), r.NullableString(2), Micros.ToTime(r.Int64(3)))),
            cancellationToken).ConfigureAwait(false);
    }

    public const string SummaryColumns = "key, last_value, last_step, last_timestamp, min_value, min_step, max_value, max_step, point_count";

    /// <summary>Reads the <see cref="SummaryColumns"/> starting at <paramref name="first"/>.</summary>
    public static MetricSummary ReadSummary(DbDataReader reader, int first) => new(
        reader.GetString(first),
        reader.MetricValue(first + 1),
        reader.Int64(first + 2),
        Micros.ToTime(reader.Int64(first + 3)),
        reader.NullableDouble(first + 4),
        reader.NullableInt64(first + 5),
        reader.NullableDouble(first + 6),
        reader.NullableInt64(first + 7),
        reader.Int64(first + 8));

    /// <summary>Reads the <see cref="RunColumns"/> at the start of a row (data collections empty).</summary>
    public static Run ReadAttributes(DbDataReader reader) => new()
    {
        Id = reader.GetString(1),
        ExperimentId = reader.Int64(2),
        Name = reader.NullableString(3),
        Status = RunStatusNames.Parse(reader.GetString(4)),
        StartTime = Micros.ToTime(reader.Int64(5)),
        EndTime = Micros.ToTime(reader.NullableInt64(6)),
        ParentRunId = reader.NullableString(7),
        HeartbeatAt = Micros.ToTime(reader.Int64(8)),
        DeletedAt = Micros.ToTime(reader.NullableInt64(9)),
        Source = new RunSource(reader.NullableString(10), reader.NullableString(11), reader.NullableString(12), reader.NullableString(13)),
        Params = new Dictionary<string, ParamValue>(StringComparer.Ordinal),
        Tags = new Dictionary<string, string>(StringComparer.Ordinal),
        Metrics = new Dictionary<string, MetricSummary>(StringComparer.Ordinal),
        Inputs = [],
    };

    private static (string InList, (string Name, object? Value)[] Parameters) InList(List<long> seqs)
    {
        var sql = new StringBuilder();
        var parameters = new (string Name, object? Value)[seqs.Count];
        for (var i = 0; i < seqs.Count; i++)
        {
            var name = "s" + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "@" : ", @").Append(name);
            parameters[i] = (name, seqs[i]);
        }

        return (sql.ToString(), parameters);
    }

    private static async ValueTask ForEachAsync(DbConnection connection, string sql, (string Name, object? Value)[] parameters, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(sql, null, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row(reader);
        }
    }

    private sealed class RunParts(Run attributes)
    {
        public Dictionary<string, ParamValue> Params { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, MetricSummary> Metrics { get; } = new(StringComparer.Ordinal);

        public List<RunInput> Inputs { get; } = [];

        public Run Build() => attributes with { Params = Params, Tags = Tags, Metrics = Metrics, Inputs = Inputs };
    }
}
