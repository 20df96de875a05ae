namespace MLOps.Serving;

/// <summary>Where a served model version is in its life.</summary>
public enum ModelVersionState
{
    /// <summary>Loaded, warmed and taking requests.</summary>
    Ready,

    /// <summary>Replaced or unloaded: finishing its in-flight requests, taking no new ones.</summary>
    Draining,

    /// <summary>Its last request finished and its executor was released.</summary>
    Unloaded,
}
