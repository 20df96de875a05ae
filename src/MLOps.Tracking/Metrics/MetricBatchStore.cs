using System.Data.Common;
using MLOps.Storage;
using MLOps.Storage.Sql;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking.Metrics;

/// <summary>
/// Commits metric batches: the points with the dialect's bulk insert (a prepared statement on SQLite,
/// binary COPY on PostgreSQL) and one summary upsert per series, in the caller's transaction. The
/// upsert merges with what is stored by the same rule as <see cref="SummaryAccumulator.Merge"/>, so
/// concurrent writers (other processes) never lose a last, min or max.
/// </summary>
internal sealed class MetricBatchStore
{
    private static readonly string[] PointColumns = ["run_seq", "key", "step", "value", "timestamp"];
    private static readonly SqlType[] PointTypes = [SqlType.Int64, SqlType.Text, SqlType.Int64, SqlType.Float64, SqlType.Int64];

    private readonly TrackingContext _context;
    private readonly string _upsertSummary;

    public MetricBatchStore(TrackingContext context)
    {
        _context = context;
        var table = context.Tables.Summaries;
        const string laterLast = "(excluded.last_step > s.last_step OR (excluded.last_step = s.last_step AND excluded.last_timestamp >= s.last_timestamp))";
        const string lowerMin = "(excluded.min_value IS NOT NULL AND (s.min_value IS NULL OR excluded.min_value < s.min_value))";
        const string higherMax = "(excluded.max_value IS NOT NULL AND (s.max_value IS NULL OR excluded.max_value > s.max_value))";
        _upsertSummary =
            $"INSERT INTO {table} AS s (run_seq, key, last_value, last_step, last_timestamp, min_value, min_step, max_value, max_step, point_count) " +
            "VALUES (@run_seq, @key, @last_value, @last_step, @last_timestamp, @min_value, @min_step, @max_value, @max_step, @point_count) " +
            "ON CONFLICT (run_seq, key) DO UPDATE SET " +
            $"last_value = CASE WHEN {laterLast} THEN excluded.last_value ELSE s.last_value END, " +
            $"last_step = CASE WHEN {laterLast} THEN excluded.last_step ELSE s.last_step END, " +
            $"last_timestamp = CASE WHEN {laterLast} THEN excluded.last_timestamp ELSE s.last_timestamp END, " +
            $"min_value = CASE WHEN {lowerMin} THEN excluded.min_value ELSE s.min_value END, " +
            $"min_step = CASE WHEN {lowerMin} THEN excluded.min_step ELSE s.min_step END, " +
            $"max_value = CASE WHEN {higherMax} THEN excluded.max_value ELSE s.max_value END, " +
            $"max_step = CASE WHEN {higherMax} THEN excluded.max_step ELSE s.max_step END, " +
            "point_count = s.point_count + excluded.point_count";
    }

    /// <summary>Writes a batch in the given transaction.</summary>
    public async ValueTask WriteAsync(DbConnection connection, DbTransaction transaction, MetricBatch batch, CancellationToken cancellationToken)
    {
        await _context.Dialect.BulkInsertAsync(transaction, _context.Tables.Points, PointColumns, PointTypes, Rows(batch.Points), cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(_upsertSummary, transaction);
        var runSeq = command.AddParameter("run_seq", null);
        var key = command.AddParameter("key", null);
        var lastValue = command.AddParameter("last_value", null);
        var lastStep = command.AddParameter("last_step", null);
        var lastTimestamp = command.AddParameter("last_timestamp", null);
        var minValue = command.AddParameter("min_value", null);
        var minStep = command.AddParameter("min_step", null);
        var maxValue = command.AddParameter("max_value", null);
        var maxStep = command.AddParameter("max_step", null);
        var count = command.AddParameter("point_count", null);
        foreach (var ((seq, metricKey), summary) in batch.Summaries)
        {
            runSeq.Value = seq;
            key.Value = metricKey;
            lastValue.Value = ReaderExtensions.StoredMetric(summary.LastValue) ?? DBNull.Value;
            lastStep.Value = summary.LastStep;
            lastTimestamp.Value = summary.LastTimestamp;
            minValue.Value = summary.Min is { } min ? min : DBNull.Value;
            minStep.Value = summary.MinStep is { } s1 ? s1 : DBNull.Value;
            maxValue.Value = summary.Max is { } max ? max : DBNull.Value;
            maxStep.Value = summary.MaxStep is { } s2 ? s2 : DBNull.Value;
            count.Value = summary.Count;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // One row array is reused for every point: both dialects' bulk inserts copy a row's values out
    // before asking for the next one, and a million points would otherwise be a million arrays.
    private static IEnumerable<object?[]> Rows(ArraySegment<MetricWrite> points)
    {
        var row = new object?[PointColumns.Length];
        foreach (var point in points)
        {
            row[0] = point.RunSeq;
            row[1] = point.Key;
            row[2] = point.Step;
            row[3] = ReaderExtensions.StoredMetric(point.Value);
            row[4] = point.TimestampMicros;
            yield return row;
        }
    }
}
