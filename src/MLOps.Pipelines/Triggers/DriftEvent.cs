namespace MLOps.Pipelines.Triggers;

/// <summary>A drift detection that may warrant retraining.</summary>
/// <param name="Monitor">The monitor (or model) that detected it.</param>
/// <param name="Feature">The drifting feature, or null for the whole input.</param>
/// <param name="Score">The test statistic or distance.</param>
/// <param name="At">When it was detected.</param>
public sealed record DriftEvent(string Monitor, string? Feature, double Score, DateTimeOffset At);
