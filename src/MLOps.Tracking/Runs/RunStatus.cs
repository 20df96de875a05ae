namespace MLOps.Tracking;

/// <summary>Where a run is in its life. Stored and filtered as the upper-case name (<c>attributes.status = 'FAILED'</c>).</summary>
public enum RunStatus
{
    /// <summary>Started and not yet ended.</summary>
    Running,

    /// <summary>Ended normally.</summary>
    Finished,

    /// <summary>Ended because its work threw.</summary>
    Failed,

    /// <summary>Ended by cancellation, or marked by the sweep after its process stopped sending heartbeats.</summary>
    Killed,
}
