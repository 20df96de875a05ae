namespace MLOps.FeatureStore;

/// <summary>Options for a <see cref="FeatureRepository"/>. Validated when the store opens.</summary>
public sealed class FeatureStoreOptions
{
    /// <summary>Source rows per materialization chunk: each chunk is one transaction and one resume point. The default value is 50,000.</summary>
    public int MaterializeChunkRows { get; set; } = 50_000;

    /// <summary>Called after each committed materialization chunk (progress reporting). The default value is null.</summary>
    public Func<MaterializationProgress, ValueTask>? OnChunkCommitted { get; set; }

    /// <summary>Options for historical retrieval. The default value is a new <see cref="HistoricalRetrievalOptions"/>.</summary>
    public HistoricalRetrievalOptions Historical { get; set; } = new();

    internal void Validate()
    {
        if (MaterializeChunkRows < 1)
        {
            throw new ValidationException($"FeatureStoreOptions.MaterializeChunkRows must be at least 1; it is {MaterializeChunkRows}.");
        }

        if (Historical is null)
        {
            throw new ValidationException("FeatureStoreOptions.Historical must not be null.");
        }

        Historical.Validate();
    }
}
