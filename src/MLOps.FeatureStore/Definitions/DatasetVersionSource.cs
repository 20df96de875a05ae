using System.Runtime.CompilerServices;
using MLOps.Data;
using MLOps.DataVersioning;
using MLOps.Storage.Csv;

namespace MLOps.FeatureStore;

/// <summary>A CSV file inside a DataVersioning dataset version (<c>NAME</c>, <c>NAME@TAG</c> or a commit id), read in chunks.</summary>
public sealed class DatasetVersionSource : FeatureSource
{
    /// <summary>Creates a dataset-version source.</summary>
    /// <param name="name">The source's name.</param>
    /// <param name="reference">The dataset reference: a commit id, <c>NAME</c>, <c>NAME@BRANCH</c> or <c>NAME@TAG</c>.</param>
    /// <param name="path">The CSV file's path inside the version.</param>
    /// <param name="timestampField">The event timestamp column.</param>
    /// <param name="createdTimestampField">The created timestamp column, or null.</param>
    public DatasetVersionSource(string name, string reference, string path, string timestampField, string? createdTimestampField = null)
        : base(name, timestampField, createdTimestampField)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Reference = reference;
        FilePath = path;
    }

    /// <summary>The dataset reference.</summary>
    public string Reference { get; }

    /// <summary>The CSV file's path inside the version.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public override string Kind => "dataset";

    /// <inheritdoc />
    public override string Location => Reference + ":" + FilePath;

    /// <inheritdoc />
    public override async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(FeatureSourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repository = await DataRepository.OpenAsync(context.RequireWorkspace(this), cancellationToken: cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> header;
        var stream = await repository.OpenFileAsync(Reference, FilePath, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            header = await FeatureSourceContext.ReadHeaderAsync(stream, Location, cancellationToken).ConfigureAwait(false);
        }

        // Streamed in CSV chunks, so materializing a large version never holds the whole file.
        var data = await repository.OpenFileAsync(Reference, FilePath, cancellationToken).ConfigureAwait(false);
        await using (data.ConfigureAwait(false))
        {
            await foreach (var batch in CsvReader.ReadBatchesAsync(data, context.CsvOptions(Location, header), cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
    }
}
