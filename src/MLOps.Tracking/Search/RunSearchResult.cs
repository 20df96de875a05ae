namespace MLOps.Tracking;

/// <summary>A page of a run search.</summary>
/// <param name="Runs">The runs, in the query's order.</param>
/// <param name="NextPageToken">The token for the next page, or null when this is the last page.</param>
public sealed record RunSearchResult(IReadOnlyList<Run> Runs, string? NextPageToken);
