using System.Threading.Channels;
using MLOps.Data;

namespace MLOps.Drift;

/// <summary>
/// An <see cref="IDriftSink"/> that samples inference traffic into a <see cref="DriftMonitor"/> without
/// blocking requests: <see cref="TryOffer"/> decides, joins inputs and outputs, and writes to a bounded
/// queue (a full queue drops the request and counts it); one background loop feeds the monitor and
/// hands each evaluated window to the <see cref="IDriftReportSink"/>s.
/// </summary>
/// <remarks>
/// Thread-safe. Start the loop with <see cref="RunAsync"/> (a hosted service does); <see cref="DisposeAsync"/>
/// stops taking offers, drains what is queued and waits for the loop.
/// </remarks>
public sealed class DriftSampler : IDriftSink, IAsyncDisposable
{
    private readonly DriftMonitor _monitor;
    private readonly DriftSamplerOptions _options;
    private readonly IReadOnlyList<IDriftReportSink> _sinks;
    private readonly Channel<RecordBatch> _queue;
    private readonly KeyValuePair<string, object?> _tag;
    private readonly Lock _randomGate = new();
    private readonly Random _random;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _offered;
    private long _sampled;
    private long _dropped;
    private long _processed;
    private long _failed;
    private int _running;

    /// <summary>Creates a sampler.</summary>
    /// <param name="monitor">The monitor the sampled rows feed.</param>
    /// <param name="options">The sampling settings; the defaults when null. Validated now.</param>
    /// <param name="sinks">Receivers of every evaluated window (tracking, alerting); none when null.</param>
    /// <exception cref="ValidationException">An option is invalid.</exception>
    public DriftSampler(DriftMonitor monitor, DriftSamplerOptions? options = null, IEnumerable<IDriftReportSink>? sinks = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        _options = options ?? new DriftSamplerOptions();
        _options.Validate();
        _monitor = monitor;
        _sinks = [.. sinks ?? []];
        _random = new Random(_options.Seed);
        _tag = new("sampler", "drift");
        _queue = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(_options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Requests offered.</summary>
    public long Offered => Interlocked.Read(ref _offered);

    /// <summary>Requests kept by sampling (queued or dropped).</summary>
    public long Sampled => Interlocked.Read(ref _sampled);

    /// <summary>Sampled requests dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Requests fed to the monitor.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Batches or sink calls that failed (the error is swallowed so that monitoring never stops serving).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The monitor.</summary>
    public DriftMonitor Monitor => _monitor;

    /// <inheritdoc />
    public bool TryOffer(RecordBatch inputs, RecordBatch? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Interlocked.Increment(ref _offered);
        if (_options.SampleRate < 1)
        {
            bool keep;
            lock (_randomGate)
            {
                keep = _random.NextDouble() < _options.SampleRate;
            }

            if (!keep)
            {
                return true;
            }
        }

        Interlocked.Increment(ref _sampled);
        RecordBatch rows = outputs is null ? inputs : Join(inputs, outputs);
        if (_queue.Writer.TryWrite(rows))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        DriftMetrics.SamplerDropped.Add(1, _tag);
        return false;
    }

    /// <summary>Feeds queued rows to the monitor until <see cref="DisposeAsync"/> or cancellation.</summary>
    /// <param name="cancellationToken">Stops the loop (what is queued stays queued).</param>
    /// <returns>A task that completes when the loop stops.</returns>
    /// <exception cref="InvalidOperationException">The loop is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The drift sampler's loop is already running.");
        }

        try
        {
            while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out RecordBatch? batch))
                {
                    await ProcessAsync(batch, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Stops taking offers, lets the loop drain the queue, and waits for it (when it was started).</summary>
    /// <returns>A task that completes when everything queued was processed.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (Volatile.Read(ref _running) == 1)
        {
            await _stopped.Task.ConfigureAwait(false);
        }
    }

    private async ValueTask ProcessAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<DriftWindowEventArgs> windows;
        try
        {
            windows = _monitor.Observe(batch);
            Interlocked.Increment(ref _processed);
        }
        catch (MLOpsException)
        {
            Interlocked.Increment(ref _failed);
            return;
        }

        foreach (DriftWindowEventArgs window in windows)
        {
            foreach (IDriftReportSink sink in _sinks)
            {
                try
                {
                    await sink.OnWindowAsync(window, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failed);
                }
            }
        }
    }

    private RecordBatch Join(RecordBatch inputs, RecordBatch outputs)
    {
        if (inputs.RowCount != outputs.RowCount)
        {
            throw new ValidationException($"A drift sample needs one output row per input row; there are {inputs.RowCount} inputs and {outputs.RowCount} outputs.");
        }

        var fields = new List<Field>(inputs.Schema);
        var columns = new List<Column>(Enumerable.Range(0, inputs.Schema.Count).Select(inputs.Column));
        for (int i = 0; i < outputs.Schema.Count; i++)
        {
            Field field = outputs.Schema[i];
            string name = inputs.Schema.IndexOf(field.Name) >= 0 ? _options.OutputPrefix + field.Name : field.Name;
            fields.Add(field with { Name = name });
            columns.Add(outputs.Column(i));
        }

        return new RecordBatch(new Schema(fields), columns);
    }
}
