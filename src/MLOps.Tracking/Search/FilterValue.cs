namespace MLOps.Tracking.Search;

/// <summary>A literal in a filter: a <see cref="string"/>, a <see cref="double"/> or a <see cref="bool"/>, and where it starts.</summary>
internal sealed record FilterValue(object Value, int Position);
