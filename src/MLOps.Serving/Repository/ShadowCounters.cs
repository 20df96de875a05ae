namespace MLOps.Serving;

/// <summary>A shadow version's comparison totals.</summary>
internal sealed class ShadowCounters
{
    private readonly Lock _gate = new();
    private long _requests;
    private long _failures;
    private long _compared;
    private long _mismatches;
    private double _maxDifference;

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void CountFailure() => Interlocked.Increment(ref _failures);

    public void CountComparison(bool agreed, double maxDifference)
    {
        lock (_gate)
        {
            _compared++;
            if (!agreed)
            {
                _mismatches++;
            }

            if (maxDifference > _maxDifference)
            {
                _maxDifference = maxDifference;
            }
        }
    }

    public ShadowStatistics Snapshot()
    {
        lock (_gate)
        {
            return new ShadowStatistics
            {
                Requests = Interlocked.Read(ref _requests),
                Failures = Interlocked.Read(ref _failures),
                Compared = _compared,
                Mismatches = _mismatches,
                MaxAbsoluteDifference = _maxDifference,
            };
        }
    }
}
