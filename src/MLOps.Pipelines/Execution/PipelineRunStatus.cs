namespace MLOps.Pipelines;

/// <summary>How a pipeline run ended.</summary>
public enum PipelineRunStatus
{
    /// <summary>Still going (or its process died; resume it).</summary>
    Running,

    /// <summary>Every step succeeded, was cached or was reused.</summary>
    Succeeded,

    /// <summary>At least one step failed.</summary>
    Failed,

    /// <summary>The run was cancelled.</summary>
    Cancelled,
}
