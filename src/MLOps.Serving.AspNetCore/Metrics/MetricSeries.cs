namespace MLOps.Serving.AspNetCore.Metrics;

/// <summary>One time series: a running sum (counters, up-down counters, gauges) or a histogram's buckets, sum and count.</summary>
internal sealed class MetricSeries
{
    private readonly Lock _gate = new();
    private readonly double[]? _bounds;
    private readonly long[]? _buckets;
    private double _value;
    private double _sum;
    private long _count;

    public MetricSeries(TagSet tags, double[]? bounds)
    {
        Tags = tags;
        _bounds = bounds;
        _buckets = bounds is null ? null : new long[bounds.Length + 1];
    }

    public TagSet Tags { get; }

    public void Add(double value)
    {
        lock (_gate)
        {
            _value += value;
        }
    }

    public void Set(double value)
    {
        lock (_gate)
        {
            _value = value;
        }
    }

    public void Observe(double value)
    {
        var bucket = Array.BinarySearch(_bounds!, value);
        if (bucket < 0)
        {
            bucket = ~bucket;
        }

        lock (_gate)
        {
            _buckets![bucket]++;
            _sum += value;
            _count++;
        }
    }

    public double Value
    {
        get
        {
            lock (_gate)
            {
                return _value;
            }
        }
    }

    /// <summary>The cumulative bucket counts (le each bound, then +Inf), the sum and the count.</summary>
    public (long[] Cumulative, double Sum, long Count) Histogram()
    {
        lock (_gate)
        {
            var cumulative = new long[_buckets!.Length];
            long running = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                running += _buckets[i];
                cumulative[i] = running;
            }

            return (cumulative, _sum, _count);
        }
    }
}
