using MLOps.Lineage;

namespace MLOps.Tracking;

/// <summary>Something a run read, recorded as a lineage reference (a dataset commit, a feature service, a model version).</summary>
/// <param name="Reference">The reference.</param>
/// <param name="Context">What the run used it for, such as <c>training</c> or <c>evaluation</c>; null when not given.</param>
/// <param name="LoggedAt">When it was recorded.</param>
public sealed record RunInput(LineageReference Reference, string? Context, DateTimeOffset LoggedAt);
