using System.Runtime.CompilerServices;
using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>Rows already in memory (tests, notebooks, pipelines that computed them).</summary>
public sealed class RecordBatchSource : FeatureSource
{
    /// <summary>Creates an in-memory source.</summary>
    /// <param name="name">The source's name.</param>
    /// <param name="batch">The rows.</param>
    /// <param name="timestampField">The event timestamp column.</param>
    /// <param name="createdTimestampField">The created timestamp column, or null.</param>
    public RecordBatchSource(string name, RecordBatch batch, string timestampField, string? createdTimestampField = null)
        : base(name, timestampField, createdTimestampField)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Batch = batch;
    }

    /// <summary>The rows.</summary>
    public RecordBatch Batch { get; }

    /// <inheritdoc />
    public override string Kind => "batch";

    /// <inheritdoc />
    public override string Location => $"in-memory batch of {Batch.RowCount} rows";

    /// <inheritdoc />
    public override async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(FeatureSourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Task.CompletedTask.ConfigureAwait(false);
        yield return Batch;
    }
}
