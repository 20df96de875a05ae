namespace MLOps.Tracking.Metrics;

/// <summary>
/// The running summary of one (run, key) series: last (highest step, then latest timestamp, then
/// latest arrival), min and max ignoring NaN (the first point holding the extreme wins), and the count.
/// Folding points in arrival order and merging two accumulators give the same result as folding all
/// points at once; the SQL upsert in <see cref="MetricBatchStore"/> applies the same merge rule.
/// </summary>
internal sealed class SummaryAccumulator
{
    public double LastValue { get; private set; } = double.NaN;

    public long LastStep { get; private set; } = long.MinValue;

    public long LastTimestamp { get; private set; } = long.MinValue;

    public double? Min { get; private set; }

    public long? MinStep { get; private set; }

    public double? Max { get; private set; }

    public long? MaxStep { get; private set; }

    public long Count { get; private set; }

    public void Add(long step, double value, long timestamp)
    {
        if (step > LastStep || (step == LastStep && timestamp >= LastTimestamp))
        {
            LastStep = step;
            LastTimestamp = timestamp;
            LastValue = value;
        }

        if (!double.IsNaN(value))
        {
            if (Min is not { } min || value < min)
            {
                Min = value;
                MinStep = step;
            }

            if (Max is not { } max || value > max)
            {
                Max = value;
                MaxStep = step;
            }
        }

        Count++;
    }

    /// <summary>Merges a later accumulator into this one (the later one's points arrived after this one's).</summary>
    public void Merge(SummaryAccumulator later)
    {
        if (later.Count == 0)
        {
            return;
        }

        if (later.LastStep > LastStep || (later.LastStep == LastStep && later.LastTimestamp >= LastTimestamp))
        {
            LastStep = later.LastStep;
            LastTimestamp = later.LastTimestamp;
            LastValue = later.LastValue;
        }

        if (later.Min is { } laterMin && (Min is not { } min || laterMin < min))
        {
            Min = laterMin;
            MinStep = later.MinStep;
        }

        if (later.Max is { } laterMax && (Max is not { } max || laterMax > max))
        {
            Max = laterMax;
            MaxStep = later.MaxStep;
        }

        Count += later.Count;
    }
}
