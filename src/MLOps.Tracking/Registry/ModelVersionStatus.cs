namespace MLOps.Tracking;

/// <summary>The state of a model version.</summary>
public enum ModelVersionStatus
{
    /// <summary>Registered; its artifact or validation is still on the way.</summary>
    Pending,

    /// <summary>Usable (the default for a version registered with its artifact).</summary>
    Ready,

    /// <summary>Registration or validation failed; do not serve it.</summary>
    Failed,

    /// <summary>Retired; kept for history and lineage.</summary>
    Archived,
}
