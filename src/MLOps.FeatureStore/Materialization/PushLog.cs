using System.Runtime.CompilerServices;
using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Csv;
using MLOps.Storage.Sql;

namespace MLOps.FeatureStore;

/// <summary>The offline half of a push source: each pushed batch stored as a CSV blob and listed, in push order, in <c>fs.pushes</c>.</summary>
internal sealed class PushLog(MLOpsWorkspace workspace)
{
    private readonly string _table = FeatureStoreMigrations.Pushes(workspace.Dialect);

    public async ValueTask AppendAsync(string source, RecordBatch rows, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await using (var writer = new CsvWriter(buffer, leaveOpen: true))
        {
            await writer.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
        }

        var blob = await workspace.Blobs.PutAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        var now = Micros.From(workspace.TimeProvider.GetUtcNow());
        await workspace.Database.WriteAsync(
            async (connection, transaction, ct) => await connection.ExecuteAsync(
                $"INSERT INTO {_table} (source, blob, row_count, pushed_at) VALUES (@s, @b, @n, @t)", transaction, ct, ("s", source), ("b", blob.Hash.ToString()), ("n", (long)rows.RowCount), ("t", now)).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<RecordBatch> ReadAsync(string source, FeatureSourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blobs = await workspace.Database.ReadAsync<IReadOnlyList<string>>(
            async (connection, ct) =>
            {
                await using var command = connection.CreateCommand($"SELECT blob FROM {_table} WHERE source = @s ORDER BY id", null, ("s", source));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var list = new List<string>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    list.Add(reader.GetString(0));
                }

                return list;
            },
            cancellationToken).ConfigureAwait(false);
        if (blobs.Count == 0)
        {
            throw new ValidationException($"Push source '{source}' has no rows yet: push some before reading it offline.");
        }

        foreach (var blob in blobs)
        {
            var bytes = await workspace.Blobs.ReadAllBytesAsync(ContentHash.Parse(blob), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> header;
            using (var headerStream = new MemoryStream(bytes))
            {
                header = await FeatureSourceContext.ReadHeaderAsync(headerStream, "push:" + source, cancellationToken).ConfigureAwait(false);
            }

            using var stream = new MemoryStream(bytes);
            await foreach (var batch in CsvReader.ReadBatchesAsync(stream, context.CsvOptions("push:" + source, header), cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
    }
}
