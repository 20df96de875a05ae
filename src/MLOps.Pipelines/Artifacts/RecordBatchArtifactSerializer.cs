using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.Pipelines.Artifacts;

/// <summary>
/// Record batches as CSV (the workspace's CSV writer: header row, invariant culture, stable output for
/// equal batches). Reading infers the column types again, so integer columns come back as the CSV reader
/// infers them.
/// </summary>
public sealed class RecordBatchArtifactSerializer : IArtifactSerializer<RecordBatch>
{
    /// <summary>The shared instance.</summary>
    public static RecordBatchArtifactSerializer Instance { get; } = new();

    /// <inheritdoc />
    public string Id => "recordbatch-csv";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public async ValueTask WriteAsync(RecordBatch value, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        await using var writer = new CsvWriter(destination, leaveOpen: true);
        await writer.WriteAsync(value, cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<RecordBatch> ReadAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(data.ToArray(), writable: false);
        return await CsvReader.ReadAllAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
