namespace MLOps.Tracking;

/// <summary>Which runs a search sees, by soft-deletion state.</summary>
public enum RunViewType
{
    /// <summary>Runs that are not deleted.</summary>
    ActiveOnly,

    /// <summary>Soft-deleted runs only.</summary>
    DeletedOnly,

    /// <summary>Every run.</summary>
    All,
}
