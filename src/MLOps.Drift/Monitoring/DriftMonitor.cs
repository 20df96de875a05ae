using MLOps.Data;

namespace MLOps.Drift;

/// <summary>
/// Watches a stream of batches: cuts it into tumbling or sliding windows of rows, tests each window
/// against a stored <see cref="ReferenceProfile"/>, and raises <see cref="DriftStarted"/> and
/// <see cref="DriftStopped"/> when dataset drift begins and ends (with metrics on the
/// <c>MLOps.Drift</c> meter).
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="Observe"/> may be called from several threads; windows are evaluated in
/// order, under a lock, on the calling thread; events are raised on that thread once the lock is
/// released, so handlers should be quick.
/// Batches are held zero-copy (slices) until their rows leave the window.
/// </remarks>
public sealed class DriftMonitor
{
    private readonly ReferenceProfile _reference;
    private readonly DriftMonitorOptions _options;
    private readonly DriftAnalyzer _analyzer;
    private readonly TimeProvider _timeProvider;
    private readonly List<RecordBatch> _buffer = [];
    private readonly Lock _gate = new();
    private readonly KeyValuePair<string, object?> _tag;
    private long _bufferedRows;
    private long _rowsObserved;
    private long _nextEvaluation;
    private long _windows;

    /// <summary>Creates a monitor.</summary>
    /// <param name="reference">The reference profile every window is compared with.</param>
    /// <param name="options">The window settings; the defaults when null. Validated now.</param>
    /// <param name="timeProvider">The clock for event timestamps; the system clock when null.</param>
    /// <exception cref="ValidationException">An option is invalid.</exception>
    public DriftMonitor(ReferenceProfile reference, DriftMonitorOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _options = options ?? new DriftMonitorOptions();
        _options.Validate();
        _reference = reference;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _analyzer = new DriftAnalyzer(_options.Drift, _timeProvider);
        _nextEvaluation = _options.WindowSize;
        _tag = new("monitor", _options.Name);
    }

    /// <summary>Raised after every evaluated window.</summary>
    public event EventHandler<DriftWindowEventArgs>? WindowEvaluated;

    /// <summary>Raised when a window drifts after one that did not (or after the start).</summary>
    public event EventHandler<DriftWindowEventArgs>? DriftStarted;

    /// <summary>Raised when a window does not drift after one that did.</summary>
    public event EventHandler<DriftWindowEventArgs>? DriftStopped;

    /// <summary>Whether the last evaluated window drifted.</summary>
    public bool IsDrifting { get; private set; }

    /// <summary>The rows observed so far.</summary>
    public long RowsObserved => Interlocked.Read(ref _rowsObserved);

    /// <summary>The windows evaluated so far.</summary>
    public long WindowsEvaluated => Interlocked.Read(ref _windows);

    /// <summary>The last window's report, or null before the first window.</summary>
    public DriftReport? LastReport { get; private set; }

    /// <summary>Adds rows to the stream and evaluates every window they complete.</summary>
    /// <param name="batch">The rows; every batch must have the same schema.</param>
    /// <returns>The events of the windows this call completed (often none).</returns>
    /// <exception cref="ValidationException">The batch's schema differs from earlier batches', or a window cannot be tested.</exception>
    public IReadOnlyList<DriftWindowEventArgs> Observe(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var completed = new List<(DriftWindowEventArgs Window, bool Started, bool Stopped)>();
        lock (_gate)
        {
            if (_buffer.Count > 0 && _buffer[0].Schema != batch.Schema)
            {
                throw new ValidationException($"Monitor '{_options.Name}' was given a batch with schema {batch.Schema}, unlike the earlier {_buffer[0].Schema}.");
            }

            int offset = 0;
            while (offset < batch.RowCount)
            {
                int take = (int)Math.Min(batch.RowCount - offset, _nextEvaluation - _rowsObserved);
                _buffer.Add(offset == 0 && take == batch.RowCount ? batch : batch.Slice(offset, take));
                _bufferedRows += take;
                offset += take;
                Interlocked.Add(ref _rowsObserved, take);
                if (_rowsObserved == _nextEvaluation)
                {
                    completed.Add(Evaluate());
                    _nextEvaluation += _options.Step ?? _options.WindowSize;
                }
            }
        }

        foreach (var (window, started, stopped) in completed)
        {
            WindowEvaluated?.Invoke(this, window);
            if (started)
            {
                DriftStarted?.Invoke(this, window);
            }

            if (stopped)
            {
                DriftStopped?.Invoke(this, window);
            }
        }

        return [.. completed.Select(c => c.Window)];
    }

    private (DriftWindowEventArgs Window, bool Started, bool Stopped) Evaluate()
    {
        int size = _options.WindowSize;
        RecordBatch window = TakeLast(size);
        DriftReport report = _analyzer.Compare(_reference, window);
        long index = _windows;
        Interlocked.Increment(ref _windows);
        var args = new DriftWindowEventArgs(_options.Name, index, _rowsObserved - size, report, _timeProvider.GetUtcNow());
        bool started = report.DatasetDrift && !IsDrifting;
        bool stopped = !report.DatasetDrift && IsDrifting;
        IsDrifting = report.DatasetDrift;
        LastReport = report;
        Record(report, started, stopped);
        Trim(size - (_options.Step ?? size));
        return (args, started, stopped);
    }

    private void Record(DriftReport report, bool started, bool stopped)
    {
        DriftMetrics.Windows.Add(1, _tag);
        DriftMetrics.DriftedShare.Record(report.DriftedShare, _tag);
        foreach (ColumnDriftResult column in report.Columns)
        {
            DriftMetrics.ColumnStatistic.Record(column.Statistic, _tag, new("column", column.Column), new("test", column.Test));
        }

        if (started)
        {
            DriftMetrics.DriftStarted.Add(1, _tag);
        }

        if (stopped)
        {
            DriftMetrics.DriftStopped.Add(1, _tag);
        }
    }

    private RecordBatch TakeLast(int rows)
    {
        Trim(rows);
        return _buffer.Count == 1 ? _buffer[0] : RecordBatch.Concat(_buffer);
    }

    /// <summary>Drops the oldest rows so that at most <paramref name="keep"/> stay buffered.</summary>
    private void Trim(long keep)
    {
        while (_bufferedRows > keep && _buffer.Count > 0)
        {
            RecordBatch first = _buffer[0];
            long excess = _bufferedRows - keep;
            if (first.RowCount <= excess)
            {
                _buffer.RemoveAt(0);
                _bufferedRows -= first.RowCount;
            }
            else
            {
                _buffer[0] = first.Slice((int)excess, first.RowCount - (int)excess);
                _bufferedRows -= excess;
            }
        }
    }
}
