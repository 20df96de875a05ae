using System.Runtime.CompilerServices;
using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.FeatureStore;

/// <summary>A CSV file with a header row; timestamps are ISO 8601 UTC. Read in chunks.</summary>
public sealed class CsvFileSource : FeatureSource
{
    /// <summary>Creates a CSV source.</summary>
    /// <param name="name">The source's name.</param>
    /// <param name="path">The CSV file (made absolute now).</param>
    /// <param name="timestampField">The event timestamp column.</param>
    /// <param name="createdTimestampField">The created timestamp column, or null.</param>
    public CsvFileSource(string name, string path, string timestampField, string? createdTimestampField = null)
        : base(name, timestampField, createdTimestampField)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Kind => "csv";

    /// <inheritdoc />
    public override string Location => Path;

    /// <inheritdoc />
    public override async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(FeatureSourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!File.Exists(Path))
        {
            throw new NotFoundException($"Source '{Name}': the file {Path} does not exist.");
        }

        IReadOnlyList<string> header;
        await using (var stream = File.OpenRead(Path))
        {
            header = await FeatureSourceContext.ReadHeaderAsync(stream, Path, cancellationToken).ConfigureAwait(false);
        }

        await foreach (var batch in CsvReader.ReadBatchesAsync(Path, context.CsvOptions(Path, header), cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }
}
