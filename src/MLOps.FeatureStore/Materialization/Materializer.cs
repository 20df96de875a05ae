using System.Data.Common;
using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Sql;

namespace MLOps.FeatureStore;

/// <summary>
/// Copies a view's rows in [start, end) to the online store, streaming the source in chunks. Each chunk
/// commits in one transaction together with the count of chunks done, so a run that dies resumes after
/// the last committed chunk; the monotonic upsert makes replaying a chunk harmless, so a rerun from any
/// point ends in the same state. The view's watermark becomes <c>end</c> when the range completes.
/// </summary>
internal sealed class Materializer(MLOpsWorkspace workspace, OnlineStore online, FeatureStoreOptions options)
{
    private readonly string _watermarks = FeatureStoreMigrations.Watermarks(workspace.Dialect);
    private readonly string _progress = FeatureStoreMigrations.Progress(workspace.Dialect);

    public ValueTask<long?> GetWatermarkAsync(string view, CancellationToken cancellationToken) =>
        workspace.Database.ReadAsync((c, ct) => c.ScalarAsync<long?>($"SELECT watermark FROM {_watermarks} WHERE view_name = @v", null, ct, ("v", view)), cancellationToken);

    public async ValueTask<MaterializationResult> RunAsync(FeatureView view, FeatureSourceContext context, long start, long end, CancellationToken cancellationToken)
    {
        var done = await workspace.Database.ReadAsync(
            async (c, ct) =>
            {
                await using var command = c.CreateCommand($"SELECT range_start, range_end, chunks_done FROM {_progress} WHERE view_name = @v", null, ("v", view.Name));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false) && reader.GetInt64(0) == start && reader.GetInt64(1) == end ? (int)reader.GetInt64(2) : 0;
            },
            cancellationToken).ConfigureAwait(false);
        var chunk = 0;
        long read = 0, written = 0;
        var checkedSchema = false;
        await foreach (var batch in view.Source.ReadBatchesAsync(context, cancellationToken).ConfigureAwait(false))
        {
            if (!checkedSchema)
            {
                SourceSchemaCheck.Check(view, batch.Schema);
                checkedSchema = true;
            }

            for (var offset = 0; offset < batch.RowCount; offset += options.MaterializeChunkRows, chunk++)
            {
                var slice = batch.Slice(offset, Math.Min(options.MaterializeChunkRows, batch.RowCount - offset));
                read += slice.RowCount;
                if (chunk < done)
                {
                    continue;
                }

                var rows = LatestPerKey(view, slice, start, end);
                var number = chunk;
                await workspace.Database.WriteAsync(
                    async (connection, transaction, ct) =>
                    {
                        await online.WriteAsync(connection, transaction, view.Name, rows, ct).ConfigureAwait(false);
                        await SaveProgressAsync(connection, transaction, view.Name, start, end, number + 1, ct).ConfigureAwait(false);
                    },
                    cancellationToken).ConfigureAwait(false);
                written += rows.Count;
                if (options.OnChunkCommitted is { } callback)
                {
                    await callback(new MaterializationProgress(view.Name, number, rows.Count)).ConfigureAwait(false);
                }
            }
        }

        var now = Micros.From(workspace.TimeProvider.GetUtcNow());
        await workspace.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var current = await connection.ScalarAsync<long?>($"SELECT watermark FROM {_watermarks} WHERE view_name = @v", transaction, ct, ("v", view.Name)).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    workspace.Dialect.Upsert(_watermarks, ["view_name", "watermark", "updated_at"], ["view_name"], ["watermark", "updated_at"]),
                    transaction,
                    ct,
                    ("view_name", view.Name),
                    ("watermark", Math.Max(current ?? long.MinValue, end)),
                    ("updated_at", now)).ConfigureAwait(false);
                await connection.ExecuteAsync($"DELETE FROM {_progress} WHERE view_name = @v", transaction, ct, ("v", view.Name)).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return new MaterializationResult(view.Name, Micros.ToDateTime(start), Micros.ToDateTime(end), read, written, Math.Min(done, chunk));
    }

    /// <summary>The rows of a chunk in [start, end), reduced to the latest per key by (event, created, row order).</summary>
    internal static List<OnlineRow> LatestPerKey(FeatureView view, RecordBatch chunk, long start, long end)
    {
        var source = view.Source;
        var ts = chunk.Column<TimestampColumn>(source.TimestampField);
        var created = source.CreatedTimestampField is { } c ? chunk.Column<TimestampColumn>(c) : null;
        var keys = JoinKeys.Read([.. view.JoinKeys.Select(k => chunk.Column(k.Name))], integers: false);
        var best = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < chunk.RowCount; i++)
        {
            if (keys.Texts![i] is not { } key || ts.IsNull(i) || ts[i] < start || ts[i] >= end)
            {
                continue;
            }

            if (!best.TryGetValue(key, out var other) || ts[i] > ts[other] || (ts[i] == ts[other] && CreatedOf(created, i) >= CreatedOf(created, other)))
            {
                best[key] = i;
            }
        }

        var columns = view.Features.Select(f => chunk.Column(f.Name)).ToArray();
        var values = new object?[columns.Length];
        var rows = new List<OnlineRow>(best.Count);
        foreach (var (key, row) in best)
        {
            for (var f = 0; f < columns.Length; f++)
            {
                values[f] = OnlineValues.Coerce(columns[f].GetValue(row), view.Features[f].Type);
            }

            rows.Add(new OnlineRow(key, ts[row], CreatedOf(created, row), OnlineValues.Encode(values, view.Features)));
        }

        return rows;
    }

    private static long CreatedOf(TimestampColumn? created, int row) => created is null || created.IsNull(row) ? long.MinValue : created[row];

    private ValueTask<int> SaveProgressAsync(DbConnection connection, DbTransaction transaction, string view, long start, long end, int chunks, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            workspace.Dialect.Upsert(_progress, ["view_name", "range_start", "range_end", "chunks_done"], ["view_name"], ["range_start", "range_end", "chunks_done"]),
            transaction,
            cancellationToken,
            ("view_name", view),
            ("range_start", start),
            ("range_end", end),
            ("chunks_done", (long)chunks));
}
