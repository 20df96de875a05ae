using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>
/// Where a feature view's rows come from: a table of join keys, feature columns, an event timestamp
/// column and optionally a created timestamp column (which breaks ties between rows with the same
/// event timestamp). Sources are read as a stream of batches so materialization never holds more
/// than a batch of source rows at once.
/// </summary>
public abstract class FeatureSource
{
    /// <summary>Creates a source.</summary>
    /// <param name="name">The source's name.</param>
    /// <param name="timestampField">The event timestamp column.</param>
    /// <param name="createdTimestampField">The created timestamp column, or null.</param>
    protected FeatureSource(string name, string timestampField, string? createdTimestampField)
    {
        DefinitionNames.ThrowIfInvalid(name, "source");
        if (string.IsNullOrWhiteSpace(timestampField))
        {
            throw new ValidationException($"Source '{name}' needs a timestamp_field.");
        }

        Name = name;
        TimestampField = timestampField;
        CreatedTimestampField = string.IsNullOrWhiteSpace(createdTimestampField) ? null : createdTimestampField;
    }

    /// <summary>The source's name.</summary>
    public string Name { get; }

    /// <summary>The event timestamp column.</summary>
    public string TimestampField { get; }

    /// <summary>The created timestamp column, or null when rows carry none.</summary>
    public string? CreatedTimestampField { get; }

    /// <summary>
    /// The valid-to column for the interval (SCD2) form, or null for the point form. With it, the
    /// timestamp field is valid_from and a row answers entity timestamps in [valid_from, valid_to); a
    /// null valid_to is open-ended. The default value is null.
    /// </summary>
    public string? ValidToField { get; init; }

    /// <summary>What kind of source this is, for the registry (<c>csv</c>, <c>batch</c>, <c>dataset</c>, <c>sql</c>, <c>push</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>Where the data is (a full path, a dataset reference, a table), for the registry and messages.</summary>
    public abstract string Location { get; }

    /// <summary>Reads the source's rows as a stream of batches.</summary>
    /// <param name="context">The workspace and the column type hints.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batches, all with the same schema.</returns>
    public abstract IAsyncEnumerable<RecordBatch> ReadBatchesAsync(FeatureSourceContext context, CancellationToken cancellationToken = default);

    /// <summary>Reads the whole source into one batch.</summary>
    /// <param name="context">The workspace and the column type hints.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>All rows.</returns>
    public async ValueTask<RecordBatch> ReadAllAsync(FeatureSourceContext context, CancellationToken cancellationToken = default)
    {
        var batches = new List<RecordBatch>();
        await foreach (var batch in ReadBatchesAsync(context, cancellationToken).ConfigureAwait(false))
        {
            batches.Add(batch);
        }

        if (batches.Count == 0)
        {
            throw new ValidationException($"Source '{Name}' ({Location}) has no schema: it produced no batch.");
        }

        return batches.Count == 1 ? batches[0] : RecordBatch.Concat(batches);
    }
}
