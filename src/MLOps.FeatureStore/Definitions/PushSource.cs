using System.Runtime.CompilerServices;
using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>
/// A source fed by the application: <see cref="FeatureRepository.PushAsync"/> writes its rows to the online
/// store of every view over it and appends them to the offline log in the workspace, which is what
/// historical retrieval and materialization read back.
/// </summary>
public sealed class PushSource : FeatureSource
{
    /// <summary>Creates a push source.</summary>
    /// <param name="name">The source's name.</param>
    /// <param name="timestampField">The event timestamp column.</param>
    /// <param name="createdTimestampField">The created timestamp column, or null.</param>
    public PushSource(string name, string timestampField, string? createdTimestampField = null)
        : base(name, timestampField, createdTimestampField)
    {
    }

    /// <inheritdoc />
    public override string Kind => "push";

    /// <inheritdoc />
    public override string Location => "push:" + Name;

    /// <inheritdoc />
    public override async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(FeatureSourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var log = new PushLog(context.RequireWorkspace(this));
        await foreach (var batch in log.ReadAsync(Name, context, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }
}
