namespace MLOps.Pipelines.Persistence;

/// <summary>The states as stored: lower-case words, stable across versions.</summary>
internal static class StateNames
{
    public static string Of(StepState state) => state switch
    {
        StepState.Pending => "pending",
        StepState.Running => "running",
        StepState.Succeeded => "succeeded",
        StepState.Failed => "failed",
        StepState.Cached => "cached",
        StepState.Reused => "reused",
        StepState.Skipped => "skipped",
        StepState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown step state."),
    };

    public static string Of(PipelineRunStatus status) => status switch
    {
        PipelineRunStatus.Running => "running",
        PipelineRunStatus.Succeeded => "succeeded",
        PipelineRunStatus.Failed => "failed",
        PipelineRunStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    public static StepState ParseStep(string text) => text switch
    {
        "pending" => StepState.Pending,
        "running" => StepState.Running,
        "succeeded" => StepState.Succeeded,
        "failed" => StepState.Failed,
        "cached" => StepState.Cached,
        "reused" => StepState.Reused,
        "skipped" => StepState.Skipped,
        "cancelled" => StepState.Cancelled,
        _ => throw new CorruptException($"Unknown step state '{text}' in the pl.steps table."),
    };

    public static PipelineRunStatus ParseRun(string text) => text switch
    {
        "running" => PipelineRunStatus.Running,
        "succeeded" => PipelineRunStatus.Succeeded,
        "failed" => PipelineRunStatus.Failed,
        "cancelled" => PipelineRunStatus.Cancelled,
        _ => throw new CorruptException($"Unknown run status '{text}' in the pl.runs table."),
    };
}
