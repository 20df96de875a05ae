namespace MLOps.Pipelines.Triggers;

/// <summary>A new commit of a versioned dataset.</summary>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="CommitId">The commit id (hex).</param>
/// <param name="At">When it was seen.</param>
public sealed record DatasetCommit(string Dataset, string CommitId, DateTimeOffset At);
