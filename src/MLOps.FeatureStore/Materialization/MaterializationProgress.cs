namespace MLOps.FeatureStore;

/// <summary>Reported after each committed materialization chunk.</summary>
/// <param name="View">The view.</param>
/// <param name="Chunk">The chunk's number (from 0) in this range.</param>
/// <param name="RowsWritten">Online rows the chunk wrote.</param>
public readonly record struct MaterializationProgress(string View, int Chunk, int RowsWritten);
