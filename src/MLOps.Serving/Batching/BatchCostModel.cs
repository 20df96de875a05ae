namespace MLOps.Serving;

/// <summary>
/// What the adaptive batcher has learned: the batch cost as a·n + b (least squares over the most recent
/// batches) and the mean gap between arrivals (an exponentially weighted average). Guarded by the
/// batcher's lock.
/// </summary>
internal sealed class BatchCostModel
{
    private const int Window = 64;
    private const int MinimumSamples = 8;
    private readonly double[] _rows = new double[Window];
    private readonly double[] _ticks = new double[Window];
    private int _count;
    private int _next;
    private long _lastArrival;
    private double _meanGap = double.NaN;

    /// <summary>The per-row cost a, in timestamp ticks.</summary>
    public double PerRow { get; private set; }

    /// <summary>The fixed per-batch cost b, in timestamp ticks.</summary>
    public double Fixed { get; private set; }

    /// <summary>The mean gap between arrivals in timestamp ticks, or NaN before two arrivals.</summary>
    public double MeanGap => _meanGap;

    /// <summary>Whether enough batches have been seen to trust the fit.</summary>
    public bool IsTrained => _count >= MinimumSamples;

    public void RecordArrival(long timestamp)
    {
        if (_lastArrival != 0)
        {
            var gap = Math.Max(0, timestamp - _lastArrival);
            _meanGap = double.IsNaN(_meanGap) ? gap : (0.9 * _meanGap) + (0.1 * gap);
        }

        _lastArrival = timestamp;
    }

    public void RecordBatch(int rows, long ticks)
    {
        _rows[_next] = rows;
        _ticks[_next] = ticks;
        _next = (_next + 1) % Window;
        _count = Math.Min(_count + 1, Window);
        Fit();
    }

    /// <summary>The expected cost of a batch of <paramref name="rows"/> rows, in ticks.</summary>
    public double Estimate(int rows) => IsTrained ? (PerRow * rows) + Fixed : 0;

    /// <summary>
    /// Whether waiting for one more arrival pays: the next row is expected sooner than the fixed batch
    /// cost it would otherwise pay on its own.
    /// </summary>
    /// <param name="expectedWait">How long to wait for it, in ticks.</param>
    public bool WaitingPays(out long expectedWait)
    {
        expectedWait = 0;
        if (!IsTrained || double.IsNaN(_meanGap) || _meanGap >= Fixed)
        {
            return false;
        }

        expectedWait = Math.Max(1, (long)(2 * _meanGap));
        return true;
    }

    private void Fit()
    {
        double n = _count, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < _count; i++)
        {
            sx += _rows[i];
            sy += _ticks[i];
            sxx += _rows[i] * _rows[i];
            sxy += _rows[i] * _ticks[i];
        }

        var denominator = (n * sxx) - (sx * sx);
        if (Math.Abs(denominator) < 1e-9)
        {
            // Every batch had the same size: nothing separates a from b, so charge it all to the row.
            PerRow = sx > 0 ? sy / sx : 0;
            Fixed = 0;
            return;
        }

        var slope = ((n * sxy) - (sx * sy)) / denominator;
        var intercept = (sy - (slope * sx)) / n;
        PerRow = Math.Max(0, slope);
        Fixed = Math.Max(0, intercept);
    }
}
