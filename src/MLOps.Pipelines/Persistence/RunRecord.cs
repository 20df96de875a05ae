namespace MLOps.Pipelines.Persistence;

/// <summary>A run's row in <c>pl.runs</c>.</summary>
internal sealed record RunRecord(
    string Id,
    string Pipeline,
    PipelineRunStatus Status,
    long StartedAtMicros,
    long? DurationMicros,
    int StepCount,
    int CachedCount,
    string Parameters,
    string? TrackingRunId,
    string? Error);
