namespace MLOps.Tracking.Metrics;

/// <summary>The points of one (run, key) series in one batch, in arrival order, with their folded summary.</summary>
internal sealed class SeriesBuffer
{
    private readonly List<long> _steps = [];
    private readonly List<double> _values = [];
    private readonly List<long> _timestamps = [];
    private bool _ordered = true;
    private (byte[] Chunk, long FirstStep, long LastStep)? _encoded;

    public SummaryAccumulator Summary { get; } = new();

    public int Count => _steps.Count;

    public void Add(long step, double value, long timestamp)
    {
        if (_steps.Count > 0 && step < _steps[^1])
        {
            _ordered = false;
        }

        _steps.Add(step);
        _values.Add(value);
        _timestamps.Add(timestamp);
        Summary.Add(step, value, timestamp);
    }

    /// <summary>
    /// Encodes the points in step order (arrival order within a step) with the chunk's first and last
    /// step. Done once, before the transaction, so the write lock is held only for the inserts.
    /// </summary>
    public (byte[] Chunk, long FirstStep, long LastStep) Encode() => _encoded ??= EncodeCore();

    private (byte[] Chunk, long FirstStep, long LastStep) EncodeCore()
    {
        var steps = _steps.ToArray();
        var values = _values.ToArray();
        var timestamps = _timestamps.ToArray();
        if (!_ordered)
        {
            // A stable sort by step: order the indices, then permute the three columns.
            var order = Enumerable.Range(0, steps.Length).OrderBy(i => steps[i]).ToArray();
            steps = order.Select(i => _steps[i]).ToArray();
            values = order.Select(i => _values[i]).ToArray();
            timestamps = order.Select(i => _timestamps[i]).ToArray();
        }

        return (MetricChunkCodec.Encode(steps, values, timestamps), steps[0], steps[^1]);
    }
}
