using MLOps.Storage.Sql;
using MLOps.Tracking.Metrics;
using MLOps.Tracking.Runs;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking;

/// <summary>
/// Metric reads and direct writes: summaries (last, min, max with their steps), the value at a step,
/// histories with downsampling, and batch logging with no size cap. Reached through
/// <see cref="TrackingStore.Metrics"/>; active runs log through <see cref="ActiveRun.LogMetric(string, double, long?)"/>.
/// Thread-safe.
/// </summary>
public sealed class MetricCatalog
{
    private readonly TrackingContext _context;

    internal MetricCatalog(TrackingContext context) => _context = context;

    /// <summary>
    /// Stores points of one metric directly, in one transaction, and returns when they are committed.
    /// Any number of points per call; ends of runs are not checked (logging to a finished run is allowed).
    /// </summary>
    /// <param name="runId">The run id.</param>
    /// <param name="key">The metric key.</param>
    /// <param name="points">The points, in the order they were measured.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the points are stored.</returns>
    /// <exception cref="ValidationException">The key is invalid.</exception>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    /// <exception cref="ConflictException">The run is deleted.</exception>
    public async ValueTask LogAsync(string runId, string key, IEnumerable<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        TrackingNames.Key(key, "metric");
        ArgumentNullException.ThrowIfNull(points);
        var list = points.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var row = await _context.Database.ReadAsync((c, ct) => RunRow.RequireActiveAsync(_context, c, null, runId, ct), cancellationToken).ConfigureAwait(false);
        var batch = MetricBatch.Create(list.Select(p => new MetricWrite(row.Seq, key, p.Step, p.Value, Micros.From(p.Timestamp))).ToArray());
        await _context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await RunRow.RequireActiveAsync(_context, connection, transaction, runId, ct).ConfigureAwait(false);
                await _context.Points.WriteAsync(connection, transaction, batch, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until every point logged through this store's active runs so far is stored.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the points are stored; it throws the first write error since the last flush.</returns>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _context.Writer.FlushAsync(cancellationToken);

    /// <summary>Gets the stored summary of one metric of a run (no history scan).</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="key">The metric key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="NotFoundException">The run does not exist or has no such metric.</exception>
    public ValueTask<MetricSummary> GetSummaryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync(
            async (connection, ct) =>
            {
                var row = await RunRow.RequireAsync(_context, connection, null, runId, ct).ConfigureAwait(false);
                await using var command = connection.CreateCommand(
                    $"SELECT {RunReader.SummaryColumns} FROM {_context.Tables.Summaries} WHERE run_seq = @seq AND key = @key", null, ("seq", row.Seq), ("key", key));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false)
                    ? RunReader.ReadSummary(reader, 0)
                    : throw NoMetric(runId, key);
            },
            cancellationToken);

    /// <summary>Gets the value logged at a step (the latest one when several were logged at it).</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="key">The metric key.</param>
    /// <param name="step">The step.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The point, or null when nothing was logged at that step.</returns>
    /// <exception cref="NotFoundException">The run does not exist or has no such metric.</exception>
    public ValueTask<MetricPoint?> GetValueAtStepAsync(string runId, string key, long step, CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync<MetricPoint?>(
            async (connection, ct) =>
            {
                var row = await RunRow.RequireAsync(_context, connection, null, runId, ct).ConfigureAwait(false);
                await RequireMetricAsync(connection, row, key, ct).ConfigureAwait(false);
                var atStep = await ChunkReader.ReadAsync(_context, connection, row.Seq, runId, key, step, step, ct).ConfigureAwait(false);
                return atStep.Count > 0 ? atStep[^1] : null;
            },
            cancellationToken);

    /// <summary>Reads a metric's history in step order, downsampled to at most <see cref="MetricHistoryOptions.MaxPoints"/>.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="key">The metric key.</param>
    /// <param name="options">The step range, point budget and method; null reads every point.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The history.</returns>
    /// <exception cref="ValidationException">An option is out of range.</exception>
    /// <exception cref="NotFoundException">The run does not exist or has no such metric.</exception>
    public ValueTask<MetricHistory> GetHistoryAsync(string runId, string key, MetricHistoryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MetricHistoryOptions();
        options.Validate();
        return _context.Database.ReadAsync(
            async (connection, ct) =>
            {
                var row = await RunRow.RequireAsync(_context, connection, null, runId, ct).ConfigureAwait(false);
                await RequireMetricAsync(connection, row, key, ct).ConfigureAwait(false);
                var points = await ChunkReader.ReadAsync(_context, connection, row.Seq, runId, key, options.FromStep ?? long.MinValue, options.ToStep ?? long.MaxValue, ct).ConfigureAwait(false);
                if (options.MaxPoints is { } max && points.Count > max)
                {
                    return new MetricHistory(key, MetricDownsampler.Downsample(points, max, options.Method), points.Count, options.Method);
                }

                return new MetricHistory(key, points, points.Count, null);
            },
            cancellationToken);
    }

    private async ValueTask RequireMetricAsync(System.Data.Common.DbConnection connection, RunRow row, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var exists = await connection.ScalarAsync<long?>(
            $"SELECT 1 FROM {_context.Tables.Summaries} WHERE run_seq = @seq AND key = @key", null, cancellationToken, ("seq", row.Seq), ("key", key)).ConfigureAwait(false);
        if (exists is null)
        {
            throw NoMetric(row.Id, key);
        }
    }

    private NotFoundException NoMetric(string runId, string key) =>
        new($"Run '{runId}' has no metric '{TrackingNames.Shorten(key ?? string.Empty)}' in {_context.Database.Description}.");
}
