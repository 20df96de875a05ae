namespace MLOps.FeatureStore;

/// <summary>What materialization did for one view.</summary>
/// <param name="View">The view.</param>
/// <param name="Start">The range start (inclusive).</param>
/// <param name="End">The range end (exclusive), now the view's watermark.</param>
/// <param name="RowsRead">Source rows read (including those outside the range).</param>
/// <param name="RowsWritten">Online rows written (after keeping the latest row per key in each chunk).</param>
/// <param name="ChunksResumed">Chunks skipped because an interrupted run had already committed them.</param>
public sealed record MaterializationResult(string View, DateTimeOffset Start, DateTimeOffset End, long RowsRead, long RowsWritten, int ChunksResumed);
