namespace MLOps.Drift;

/// <summary>The outcome of a hypothesis test: its statistic, its p-value and how the p-value was computed.</summary>
/// <param name="Statistic">The test statistic, with scipy's definition.</param>
/// <param name="PValue">The p-value, in [0, 1].</param>
/// <param name="Method">How the p-value was computed.</param>
public readonly record struct StatisticalTestResult(double Statistic, double PValue, PValueMethod Method);
