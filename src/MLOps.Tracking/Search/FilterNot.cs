namespace MLOps.Tracking.Search;

/// <summary><c>NOT inner</c>.</summary>
internal sealed record FilterNot(FilterNode Inner) : FilterNode;
