namespace MLOps.FeatureStore;

/// <summary>Options for point-in-time historical retrieval.</summary>
public sealed class HistoricalRetrievalOptions
{
    /// <summary>The entity rows' timestamp column. The default value is <c>event_timestamp</c>.</summary>
    public string EntityTimestampColumn { get; set; } = "event_timestamp";

    /// <summary>
    /// Entity rows joined per chunk when entity rows are streamed from a file: the entity side's memory is
    /// bounded by this, not by the file's size. The default value is 1,048,576 rows.
    /// </summary>
    public int ChunkRows { get; set; } = 1 << 20;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(EntityTimestampColumn))
        {
            throw new ValidationException("HistoricalRetrievalOptions.EntityTimestampColumn must name a column.");
        }

        if (ChunkRows < 1)
        {
            throw new ValidationException($"HistoricalRetrievalOptions.ChunkRows must be at least 1; it is {ChunkRows}.");
        }
    }
}
