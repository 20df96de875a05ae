using System.Data.Common;
using MLOps.Storage;
using MLOps.Storage.Sql;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking.Metrics;

/// <summary>
/// Commits metric batches: one chunk per series with the dialect's bulk insert (a prepared statement
/// on SQLite, binary COPY on PostgreSQL) and one summary upsert per series, in the caller's transaction. The
/// upsert merges with what is stored by the same rule as <see cref="SummaryAccumulator.Merge"/>, so
/// concurrent writers (other processes) never lose a last, min or max.
/// </summary>
internal sealed class MetricBatchStore
{
    public const int RowsPerStatement = 500;

    public static readonly string[] ChunkColumns = ["run_seq", "key", "first_step", "last_step", "point_count", "points"];
    public static readonly SqlType[] ChunkTypes = [SqlType.Int64, SqlType.Text, SqlType.Int64, SqlType.Int64, SqlType.Int64, SqlType.Binary];

    private static readonly string[] SummaryColumns =
        ["run_seq", "key", "last_value", "last_step", "last_timestamp", "min_value", "min_step", "max_value", "max_step", "point_count"];

    private readonly TrackingContext _context;
    private readonly string _upsertSummary;
    private readonly string _upsertHead;
    private readonly string _upsertTail;

    public MetricBatchStore(TrackingContext context)
    {
        _context = context;
        var table = context.Tables.Summaries;
        const string laterLast = "(excluded.last_step > s.last_step OR (excluded.last_step = s.last_step AND excluded.last_timestamp >= s.last_timestamp))";
        const string lowerMin = "(excluded.min_value IS NOT NULL AND (s.min_value IS NULL OR excluded.min_value < s.min_value))";
        const string higherMax = "(excluded.max_value IS NOT NULL AND (s.max_value IS NULL OR excluded.max_value > s.max_value))";
        _upsertHead = $"INSERT INTO {table} AS s ({string.Join(", ", SummaryColumns)}) VALUES ";
        _upsertTail =
            " ON CONFLICT (run_seq, key) DO UPDATE SET " +
            $"last_value = CASE WHEN {laterLast} THEN excluded.last_value ELSE s.last_value END, " +
            $"last_step = CASE WHEN {laterLast} THEN excluded.last_step ELSE s.last_step END, " +
            $"last_timestamp = CASE WHEN {laterLast} THEN excluded.last_timestamp ELSE s.last_timestamp END, " +
            $"min_value = CASE WHEN {lowerMin} THEN excluded.min_value ELSE s.min_value END, " +
            $"min_step = CASE WHEN {lowerMin} THEN excluded.min_step ELSE s.min_step END, " +
            $"max_value = CASE WHEN {higherMax} THEN excluded.max_value ELSE s.max_value END, " +
            $"max_step = CASE WHEN {higherMax} THEN excluded.max_step ELSE s.max_step END, " +
            "point_count = s.point_count + excluded.point_count";
        _upsertSummary = _upsertHead + "(" + string.Join(", ", SummaryColumns.Select(c => "@" + c)) + ")" + _upsertTail;
    }

    /// <summary>Writes a batch in the given transaction.</summary>
    public async ValueTask WriteAsync(DbConnection connection, DbTransaction transaction, MetricBatch batch, CancellationToken cancellationToken)
    {
        var chunks = batch.Series.Select(s =>
        {
            var (chunk, first, last) = s.Value.Encode();
            return new object?[] { s.Key.RunSeq, s.Key.Key, first, last, (long)s.Value.Count, chunk };
        });
        await _context.Dialect.BulkInsertAsync(transaction, _context.Tables.Chunks, ChunkColumns, ChunkTypes, chunks, cancellationToken).ConfigureAwait(false);
        if (_context.IsSqlite)
        {
            await UpsertOneByOneAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await UpsertManyAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        }
    }

    // SQLite runs in-process: one prepared statement executed per series is the cheapest (its
    // parameters are bound by name, so a many-row statement would cost quadratic time to bind).
    private async ValueTask UpsertOneByOneAsync(DbConnection connection, DbTransaction transaction, MetricBatch batch, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(_upsertSummary, transaction);
        var parameters = SummaryColumns.Select(c => command.AddParameter(c, null)).ToArray();
        foreach (var ((seq, metricKey), series) in batch.Series)
        {
            var values = SummaryValues(seq, metricKey, series.Summary);
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // PostgreSQL is a round trip away: upsert many series per statement.
    private async ValueTask UpsertManyAsync(DbConnection connection, DbTransaction transaction, MetricBatch batch, CancellationToken cancellationToken)
    {
        foreach (var group in batch.Series.Chunk(RowsPerStatement))
        {
            var sql = new System.Text.StringBuilder(_upsertHead);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            for (var row = 0; row < group.Length; row++)
            {
                var ((seq, metricKey), series) = group[row];
                var values = SummaryValues(seq, metricKey, series.Summary);
                sql.Append(row == 0 ? "(" : ", (");
                for (var i = 0; i < values.Length; i++)
                {
                    var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"v{row}_{i}");
                    sql.Append(i == 0 ? "@" : ", @").Append(name);
                    command.AddParameter(name, values[i]);
                }

                sql.Append(')');
            }

            command.CommandText = sql.Append(_upsertTail).ToString();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static object?[] SummaryValues(long seq, string key, SummaryAccumulator summary) =>
    [
        seq, key, ReaderExtensions.StoredMetric(summary.LastValue), summary.LastStep, summary.LastTimestamp,
        summary.Min, summary.MinStep, summary.Max, summary.MaxStep, summary.Count,
    ];
}
