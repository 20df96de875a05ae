namespace MLOps.Pipelines;

/// <summary>Where a step of a run stands.</summary>
public enum StepState
{
    /// <summary>Not started.</summary>
    Pending,

    /// <summary>Being computed (seen in a run still going, or left by a crashed process).</summary>
    Running,

    /// <summary>Computed and stored.</summary>
    Succeeded,

    /// <summary>Failed after its retries; its dependents are skipped.</summary>
    Failed,

    /// <summary>Served from the cache (the artifact existed and verified).</summary>
    Cached,

    /// <summary>Resumed run: the output persisted by the earlier attempt of this run was reused.</summary>
    Reused,

    /// <summary>Not run because a dependency failed.</summary>
    Skipped,

    /// <summary>Not run, or stopped, because the run was cancelled.</summary>
    Cancelled,
}
