namespace MLOps.Pipelines;

/// <summary>A run as recorded in the workspace.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="Status">Its status (Running while going, or if its process died).</param>
/// <param name="Started">When it started.</param>
/// <param name="Duration">Wall time, or null while running.</param>
/// <param name="StepCount">The pipeline's step count.</param>
/// <param name="CachedCount">Steps served from the cache.</param>
/// <param name="TrackingRunId">The tracking run, or null.</param>
/// <param name="Error">The first failure, or null.</param>
/// <param name="Steps">The recorded steps, in topological order (empty in listings).</param>
public sealed record PipelineRunInfo(
    string Id,
    string Pipeline,
    PipelineRunStatus Status,
    DateTimeOffset Started,
    TimeSpan? Duration,
    int StepCount,
    int CachedCount,
    string? TrackingRunId,
    string? Error,
    IReadOnlyList<StepResult> Steps);
