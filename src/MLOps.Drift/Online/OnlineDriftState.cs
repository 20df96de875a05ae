namespace MLOps.Drift;

/// <summary>An online detector's state after an update.</summary>
/// <param name="Time">The number of updates so far.</param>
/// <param name="Statistic">The statistic on the current window (0 until the window is full).</param>
/// <param name="Threshold">The calibrated threshold.</param>
/// <param name="Drifted">Whether the statistic exceeded the threshold.</param>
public readonly record struct OnlineDriftState(long Time, double Statistic, double Threshold, bool Drifted);
