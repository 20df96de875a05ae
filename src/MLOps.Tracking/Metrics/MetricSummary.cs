namespace MLOps.Tracking;

/// <summary>
/// What the store keeps per run and metric key as points arrive, so "last", "best" and the filter
/// language's <c>metrics.x</c>, <c>metrics.x.min</c>, <c>metrics.x.max</c> never scan the history.
/// "Last" is the point with the highest step (ties: the latest timestamp). Min and max ignore NaN and
/// are null when every point was NaN.
/// </summary>
/// <param name="Key">The metric key.</param>
/// <param name="Last">The last value (may be NaN or infinite).</param>
/// <param name="LastStep">The last value's step.</param>
/// <param name="LastTimestamp">When the last value was logged.</param>
/// <param name="Min">The smallest non-NaN value, or null.</param>
/// <param name="MinStep">The step of the first point holding <paramref name="Min"/>, or null.</param>
/// <param name="Max">The largest non-NaN value, or null.</param>
/// <param name="MaxStep">The step of the first point holding <paramref name="Max"/>, or null.</param>
/// <param name="Count">How many points were logged.</param>
public sealed record MetricSummary(
    string Key,
    double Last,
    long LastStep,
    DateTimeOffset LastTimestamp,
    double? Min,
    long? MinStep,
    double? Max,
    long? MaxStep,
    long Count)
{
    /// <summary>The best value for a goal: the minimum when minimizing, the maximum when maximizing.</summary>
    /// <param name="goal">Whether smaller or larger is better.</param>
    /// <returns>The best value, or null when every point was NaN.</returns>
    public double? Best(MetricGoal goal) => goal == MetricGoal.Minimize ? Min : Max;

    /// <summary>The step of the best value for a goal.</summary>
    /// <param name="goal">Whether smaller or larger is better.</param>
    /// <returns>The step, or null when every point was NaN.</returns>
    public long? BestStep(MetricGoal goal) => goal == MetricGoal.Minimize ? MinStep : MaxStep;
}
