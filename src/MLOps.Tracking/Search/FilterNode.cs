namespace MLOps.Tracking.Search;

/// <summary>A node of a parsed filter.</summary>
internal abstract record FilterNode;
