using System.Text;
using System.Text.Json;
using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.Pipelines.Artifacts;

/// <summary>
/// Record batches as a schema line (JSON: each field's name, type and nullability) followed by CSV (the
/// workspace's CSV writer: header row, invariant culture, stable output for equal batches). Reading
/// applies the stored schema, so every column comes back with the type it was written with (a float
/// column of whole numbers stays a float column).
/// </summary>
public sealed class RecordBatchArtifactSerializer : IArtifactSerializer<RecordBatch>
{
    /// <summary>The shared instance.</summary>
    public static RecordBatchArtifactSerializer Instance { get; } = new();

    /// <inheritdoc />
    public string Id => "recordbatch-csv";

    /// <inheritdoc />
    public int Version => 2;

    /// <inheritdoc />
    public async ValueTask WriteAsync(RecordBatch value, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(destination);
        var fields = value.Schema.Select(static f => new FieldLine(f.Name, f.Type.ToString(), f.IsNullable)).ToList();
        var schemaLine = JsonSerializer.SerializeToUtf8Bytes(fields);
        await destination.WriteAsync(schemaLine, cancellationToken).ConfigureAwait(false);
        destination.WriteByte((byte)'\n');
        await using var writer = new CsvWriter(destination, leaveOpen: true);
        await writer.WriteAsync(value, cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<RecordBatch> ReadAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var newline = data.Span.IndexOf((byte)'\n');
        if (newline < 0)
        {
            throw new CorruptException("A stored record batch has no schema line.");
        }

        Schema schema;
        try
        {
            var fields = JsonSerializer.Deserialize<List<FieldLine>>(data.Span[..newline]) ?? throw new JsonException("null schema");
            schema = new Schema(fields.Select(static f => new Field(f.Name, Enum.Parse<DataType>(f.Type), f.Nullable)));
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new CorruptException($"A stored record batch's schema line is corrupt: {e.Message}", e);
        }

        using var stream = new MemoryStream(data[(newline + 1)..].ToArray(), writable: false);
        return await CsvReader.ReadAllAsync(stream, new CsvOptions { Schema = schema }, cancellationToken).ConfigureAwait(false);
    }

    private sealed record FieldLine(string Name, string Type, bool Nullable);
}
