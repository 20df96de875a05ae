using System.Collections.Concurrent;
using MLOps.Lineage;
using MLOps.Tracking.Metrics;
using MLOps.Tracking.Schema;

namespace MLOps.Tracking;

/// <summary>
/// A run this process is executing. Metric logging is synchronous and never waits for the database:
/// points go to the store's background writer (see <see cref="TrackingOptions.MetricBufferCapacity"/>).
/// Params, tags, inputs and artifacts are written when their task completes. A heartbeat records that
/// the process is alive, so <see cref="RunCatalog.SweepDeadRunsAsync"/> can mark the runs of dead
/// processes KILLED. Disposing the run ends it as FINISHED unless it was already ended (to record
/// FAILED when work throws, use <see cref="TrackingStore.RunAsync"/>). Thread-safe.
/// </summary>
public sealed class ActiveRun : IAsyncDisposable
{
    private readonly TrackingStore _store;
    private readonly TrackingContext _context;
    private readonly ConcurrentDictionary<string, StepCounter> _series = new(StringComparer.Ordinal);
    private readonly ITimer _heartbeat;
    private int _heartbeatBusy;
    private int _ended;

    internal ActiveRun(TrackingStore store, TrackingContext context, string id, long seq, long experimentId, string? name)
    {
        _store = store;
        _context = context;
        Id = id;
        Seq = seq;
        ExperimentId = experimentId;
        Name = name;
        _heartbeat = context.Clock.CreateTimer(_ => Beat(), null, context.Options.HeartbeatInterval, context.Options.HeartbeatInterval);
    }

    /// <summary>The run id: 32 lower-case hexadecimal digits.</summary>
    public string Id { get; }

    /// <summary>The experiment the run belongs to.</summary>
    public long ExperimentId { get; }

    /// <summary>The run's name, or null.</summary>
    public string? Name { get; }

    /// <summary>The lineage reference to this run (<c>run:ID</c>), to record on what it produces.</summary>
    public RunReference Reference => new(Id);

    /// <summary>Whether the run has been ended.</summary>
    public bool HasEnded => Volatile.Read(ref _ended) != 0;

    internal long Seq { get; }

    /// <summary>
    /// Logs a metric value without waiting for the database. Without a step, the step is one more than
    /// the last step this object logged for the key (0 for the first). The point is stored by the
    /// background writer; <see cref="FlushAsync"/>, <see cref="EndAsync"/> and dispose wait for it.
    /// </summary>
    /// <param name="key">The metric key.</param>
    /// <param name="value">The value; NaN and infinities are stored as they are.</param>
    /// <param name="step">The step, or null for the next one.</param>
    /// <exception cref="ValidationException">The key is invalid.</exception>
    /// <exception cref="ConflictException">The run has ended.</exception>
    public void LogMetric(string key, double value, long? step = null) =>
        LogMetric(key, value, step, _context.Clock.GetUtcNow());

    /// <summary>Logs a metric value with an explicit timestamp, without waiting for the database.</summary>
    /// <param name="key">The metric key.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The step, or null for the next one.</param>
    /// <param name="timestamp">When the value was measured.</param>
    /// <exception cref="ValidationException">The key is invalid.</exception>
    /// <exception cref="ConflictException">The run has ended.</exception>
    public void LogMetric(string key, double value, long? step, DateTimeOffset timestamp)
    {
        ThrowIfEnded();
        var counter = Counter(key);
        _context.Writer.Enqueue(new MetricWrite(Seq, counter.Key, counter.Take(step), value, Sql.Micros.From(timestamp)));
    }

    /// <summary>Logs several metrics at one step (for example every metric of an epoch) without waiting for the database.</summary>
    /// <param name="values">The values by key.</param>
    /// <param name="step">The step for all of them, or null for each key's next step.</param>
    /// <exception cref="ValidationException">A key is invalid (nothing is logged).</exception>
    /// <exception cref="ConflictException">The run has ended.</exception>
    public void LogMetrics(IEnumerable<KeyValuePair<string, double>> values, long? step = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ThrowIfEnded();
        var list = values.ToList();
        var counters = list.Select(v => Counter(v.Key)).ToList();
        var now = Sql.Micros.Now(_context.Clock);
        for (var i = 0; i < list.Count; i++)
        {
            _context.Writer.Enqueue(new MetricWrite(Seq, counters[i].Key, counters[i].Take(step), list[i].Value, now));
        }
    }

    /// <summary>Logs a param. Params are immutable: the same value again is a no-op, a different one a conflict.</summary>
    /// <param name="key">The param key.</param>
    /// <param name="value">The value: a string, long, double or bool.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the param is stored.</returns>
    /// <exception cref="ValidationException">The key or value is invalid.</exception>
    /// <exception cref="ConflictException">The param already has a different value (the message names both).</exception>
    public ValueTask LogParamAsync(string key, ParamValue value, CancellationToken cancellationToken = default) =>
        _store.Runs.LogParamAsync(Id, key, value, cancellationToken);

    /// <summary>Logs any number of params in one transaction.</summary>
    /// <param name="parameters">The params.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the params are stored.</returns>
    /// <exception cref="ValidationException">A key or value is invalid (nothing is stored).</exception>
    /// <exception cref="ConflictException">A param already has a different value (nothing is stored).</exception>
    public ValueTask LogParamsAsync(IEnumerable<KeyValuePair<string, ParamValue>> parameters, CancellationToken cancellationToken = default) =>
        _store.Runs.LogParamsAsync(Id, parameters, cancellationToken);

    /// <summary>Sets (or replaces) a tag.</summary>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The value, at most 8,000 characters.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the tag is stored.</returns>
    /// <exception cref="ValidationException">The key or value is invalid.</exception>
    public ValueTask SetTagAsync(string key, string value, CancellationToken cancellationToken = default) =>
        _store.Runs.SetTagAsync(Id, key, value, cancellationToken);

    /// <summary>Records something the run read: a dataset commit, a feature service, a model version.</summary>
    /// <param name="input">The lineage reference.</param>
    /// <param name="usage">What it was used for (such as <c>training</c>), or null.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the input is stored.</returns>
    public ValueTask LogInputAsync(LineageReference input, string? usage = null, CancellationToken cancellationToken = default) =>
        _store.Runs.LogInputAsync(Id, input, usage, cancellationToken);

    /// <summary>Stores a stream's content as an artifact of the run.</summary>
    /// <param name="artifactPath">The path within the run, such as <c>model/model.onnx</c>.</param>
    /// <param name="content">The content, read to its end (not disposed).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>What was stored.</returns>
    public ValueTask<ArtifactInfo> LogArtifactAsync(string artifactPath, Stream content, CancellationToken cancellationToken = default) =>
        _store.Artifacts.LogAsync(Id, artifactPath, content, cancellationToken);

    /// <summary>Stores a file as an artifact of the run.</summary>
    /// <param name="filePath">The file to store.</param>
    /// <param name="artifactPath">The path within the run; null means the file's name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>What was stored.</returns>
    public ValueTask<ArtifactInfo> LogArtifactFileAsync(string filePath, string? artifactPath = null, CancellationToken cancellationToken = default) =>
        _store.Artifacts.LogFileAsync(Id, filePath, artifactPath, cancellationToken);

    /// <summary>Starts a run nested in this one, in the same experiment.</summary>
    /// <param name="name">The child's name, or null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The child run; dispose or end it.</returns>
    public async ValueTask<ActiveRun> StartChildRunAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        var experiment = await _store.Experiments.GetAsync(ExperimentId, cancellationToken).ConfigureAwait(false);
        return await _store.StartRunAsync(experiment.Name, new RunStartOptions { Name = name, ParentRunId = Id }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until every metric point logged so far is stored.</summary>
    /// <param name="cancellationToken">Cancels the wait (the points are still written).</param>
    /// <returns>A task that completes when the points are stored.</returns>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _context.Writer.FlushAsync(cancellationToken);

    /// <summary>Ends the run: waits for its metric points to be stored, then records the status and end time.</summary>
    /// <param name="status">FINISHED, FAILED or KILLED.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the run is ended.</returns>
    /// <exception cref="ValidationException">The status is RUNNING.</exception>
    /// <exception cref="ConflictException">The run was already ended with another status (by this object, or by a sweep).</exception>
    public async ValueTask EndAsync(RunStatus status = RunStatus.Finished, CancellationToken cancellationToken = default)
    {
        if (status == RunStatus.Running)
        {
            throw new ValidationException($"Run '{Id}' cannot be ended with status RUNNING; use FINISHED, FAILED or KILLED.");
        }

        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            throw new ConflictException($"Run '{Id}' has already been ended by this process.");
        }

        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _context.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (status != RunStatus.Failed && !cancellationToken.IsCancellationRequested)
        {
            // Points were lost: the run cannot claim to have finished cleanly.
            await _store.Runs.EndAsync(Id, RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await _store.Runs.EndAsync(Id, status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the run as FINISHED if it has not been ended. When the run was already ended elsewhere (a
    /// sweep marked it KILLED, another process ended it), that status is kept and nothing is thrown.
    /// </summary>
    /// <returns>A task that completes when the run is ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (HasEnded)
        {
            return;
        }

        try
        {
            await EndAsync(RunStatus.Finished).ConfigureAwait(false);
        }
        catch (ConflictException e)
        {
            System.Diagnostics.Trace.TraceWarning($"MLOps tracking: run {Id} was already ended elsewhere: {e.Message}");
        }
    }

    private StepCounter Counter(string key)
    {
        if (key is not null && _series.TryGetValue(key, out var counter))
        {
            return counter;
        }

        TrackingNames.Key(key, "metric");
        return _series.GetOrAdd(key!, static k => new StepCounter(k));
    }

    private void ThrowIfEnded()
    {
        if (HasEnded)
        {
            throw new ConflictException($"Run '{Id}' has ended; metrics can no longer be logged through its ActiveRun (use tracking.Metrics.LogAsync).");
        }
    }

    private void Beat()
    {
        if (HasEnded || _store.IsDisposed || Interlocked.Exchange(ref _heartbeatBusy, 1) != 0)
        {
            if (_store.IsDisposed)
            {
                // The store is gone: its runs go silent, and the sweep will mark any left RUNNING.
                _heartbeat.Dispose();
            }

            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await _store.Runs.HeartbeatAsync(Seq, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A missed heartbeat is retried at the next tick; it must not crash the process.
            catch (Exception e)
#pragma warning restore CA1031
            {
                System.Diagnostics.Trace.TraceWarning($"MLOps tracking: heartbeat of run {Id} failed: {e.Message}");
            }
            finally
            {
                Volatile.Write(ref _heartbeatBusy, 0);
            }
        });
    }

    /// <summary>The next automatic step of one metric key; an explicit step moves it past that step.</summary>
    private sealed class StepCounter(string key)
    {
        private long _next;

        public string Key { get; } = key;

        public long Take(long? step)
        {
            if (step is not { } explicitStep)
            {
                return Interlocked.Increment(ref _next) - 1;
            }

            long current;
            do
            {
                current = Volatile.Read(ref _next);
            }
            while (explicitStep >= current && Interlocked.CompareExchange(ref _next, explicitStep + 1, current) != current);

            return explicitStep;
        }
    }
}
