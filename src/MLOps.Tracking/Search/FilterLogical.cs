namespace MLOps.Tracking.Search;

/// <summary><c>left AND right</c> or <c>left OR right</c>.</summary>
internal sealed record FilterLogical(bool IsAnd, FilterNode Left, FilterNode Right) : FilterNode;
