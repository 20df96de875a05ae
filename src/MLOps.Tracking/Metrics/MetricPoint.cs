namespace MLOps.Tracking;

/// <summary>One logged metric value.</summary>
/// <param name="Step">The step (epoch, iteration) it belongs to.</param>
/// <param name="Value">The value; NaN and infinities are kept as logged.</param>
/// <param name="Timestamp">When it was logged.</param>
public readonly record struct MetricPoint(long Step, double Value, DateTimeOffset Timestamp);
