using System.Collections.Concurrent;
using System.Diagnostics;
using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>
/// Groups requests for one model version into batches and runs them on one or more executor instances,
/// with Triton's semantics: a bounded queue per priority level (FIFO within a level); a batch goes when
/// <see cref="BatchingOptions.MaxBatchSize"/> rows are ready, when a preferred size can be formed, or when
/// the oldest request has waited <see cref="BatchingOptions.MaxQueueDelay"/> (or, in adaptive mode, as
/// soon as waiting stops paying). Every request ends exactly once: outputs, or
/// <see cref="InferenceException"/> (<see cref="InferenceOutcome.Rejected"/>,
/// <see cref="InferenceOutcome.DeadlineExceeded"/>, <see cref="InferenceOutcome.Failed"/>), or
/// <see cref="OperationCanceledException"/>.
/// </summary>
/// <example>
/// <code>
/// await using var batcher = new DynamicBatcher(OnnxModel.Load("mlp.onnx"), new BatchingOptions { MaxBatchSize = 64 });
/// var response = await batcher.InferAsync(new InferenceRequest(Tensor.Create(row, 1, 256)), cancellationToken);
/// </code>
/// </example>
public sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly PendingRing[] _levels;
    private readonly ConcurrentQueue<PendingRequest> _pool = new();
    private readonly BatchWorker[] _workers;
    private readonly BatchCostModel _cost = new();
    private readonly BatcherCounters _counters;
    private readonly RequestValidator _validator;
    private readonly int[] _preferredSizes;
    private readonly long _maxDelayTicks;
    private readonly bool _runsInline;
    private readonly long _defaultTimeoutTicks;
    private readonly KeyValuePair<string, object?> _modelTag;
    private readonly KeyValuePair<string, object?> _versionTag;
    private int _queuedRequests;
    private int _queuedRows;
    private int _queuedDeadlines;
    private int _waitingWorkers;
    private int _running;
    private double _recentBatchRows = 1;
    private bool _stopping;
    private bool _singleRequestBatches;
    private Task? _stopped;

    [ThreadStatic]
    private static Dictionary<string, Tensor>? t_inputs;

    /// <summary>Creates a batcher and starts its instance threads.</summary>
    /// <param name="executor">The model to run; thread-safe (each instance calls it concurrently). Not disposed by the batcher.</param>
    /// <param name="options">Batching options; null for the defaults. Copied and validated.</param>
    /// <param name="timeProvider">The clock for queue delays and deadlines; null for the system clock.</param>
    /// <param name="modelName">The model's name, used in messages, responses and metric tags.</param>
    /// <param name="modelVersion">The version's name, used likewise.</param>
    /// <exception cref="ValidationException">An option is out of range.</exception>
    public DynamicBatcher(IModelExecutor executor, BatchingOptions? options = null, TimeProvider? timeProvider = null, string modelName = "model", string modelVersion = "1")
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentException.ThrowIfNullOrEmpty(modelVersion);
        Options = (options ?? new BatchingOptions()).Clone();
        Options.Validate();
        Executor = executor;
        Time = timeProvider ?? TimeProvider.System;
        ModelName = modelName;
        ModelVersion = modelVersion;
        _validator = new RequestValidator(modelName, executor.Signature);
        _preferredSizes = [.. Options.PreferredBatchSizes.Distinct().Order()];
        _maxDelayTicks = ToTicks(Options.MaxQueueDelay);
        _runsInline = Options.InlineWhenIdle && Options.MaxQueueDelay == TimeSpan.Zero && !Options.Adaptive && _preferredSizes.Length == 0;
        _defaultTimeoutTicks = Options.DefaultTimeout is { } timeout ? ToTicks(timeout) : 0;
        _counters = new BatcherCounters(Options.MaxBatchSize);
        _modelTag = new("model", modelName);
        _versionTag = new("version", modelVersion);
        _levels = new PendingRing[Options.PriorityLevels];
        for (var i = 0; i < _levels.Length; i++)
        {
            _levels[i] = new PendingRing();
        }

        _workers = new BatchWorker[Options.Instances];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new BatchWorker(this, i);
        }

        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    /// <summary>The model's name.</summary>
    public string ModelName { get; }

    /// <summary>The version's name.</summary>
    public string ModelVersion { get; }

    /// <summary>The model's signature.</summary>
    public ModelSignature Signature => Executor.Signature;

    /// <summary>The options in force (a validated copy).</summary>
    public BatchingOptions Options { get; }

    /// <summary>Whether requests can share a batch: batching is on and every input and output leads with a varying dimension.</summary>
    public bool IsBatching => Options.Enabled && _validator.Batchable;

    /// <summary>Requests waiting now.</summary>
    public int PendingRequests => Volatile.Read(ref _queuedRequests);

    internal IModelExecutor Executor { get; }

    internal TimeProvider Time { get; }

    /// <summary>Queues a request and completes when it has run or ended otherwise.</summary>
    /// <param name="request">One tensor per input, each with the request's rows in dimension 0.</param>
    /// <param name="cancellationToken">Cancels the request; a request cancelled before it runs is dropped.</param>
    /// <returns>The outputs for the request's rows.</returns>
    /// <exception cref="ValidationException">The request does not fit the model (the message names the input), or has more rows than the maximum batch size.</exception>
    /// <exception cref="InferenceException">The queue was full or the batcher is stopping (<see cref="InferenceOutcome.Rejected"/>), the deadline passed (<see cref="InferenceOutcome.DeadlineExceeded"/>), or the executor failed on the batch (<see cref="InferenceOutcome.Failed"/>).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    public ValueTask<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        int rows;
        int priority;
        try
        {
            rows = _validator.Validate(request);
            if (IsBatching && rows > Options.MaxBatchSize)
            {
                throw new ValidationException($"The request to model '{ModelName}' version {ModelVersion} has {rows} rows; the maximum batch size is {Options.MaxBatchSize}.");
            }

            priority = request.Priority ?? Options.DefaultPriority;
            if (priority < 0 || priority >= Options.PriorityLevels)
            {
                throw new ValidationException($"The request's priority is {priority}; model '{ModelName}' has priority levels 0 to {Options.PriorityLevels - 1}.");
            }
        }
        catch (ValidationException exception)
        {
            return ValueTask.FromException<InferenceResponse>(exception);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            CountFailure(InferenceOutcome.Cancelled);
            return ValueTask.FromCanceled<InferenceResponse>(cancellationToken);
        }

        var now = Time.GetTimestamp();
        if (_runsInline && TryTakeIdleInstance())
        {
            return RunInline(request, rows, now);
        }

        var timeoutTicks = request.Timeout is { } timeout ? ToTicks(timeout) : _defaultTimeoutTicks;
        // A timeout too long to add to the clock (such as TimeSpan.MaxValue) means no deadline.
        var deadline = timeoutTicks > 0 && timeoutTicks < long.MaxValue - now ? now + timeoutTicks : long.MaxValue;
        var pending = PendingRequest.Rent(_pool);

        // The real row count even when batching is off, so the statistics count every row run.
        pending.Initialize(this, request, rows, priority, now, deadline, cancellationToken);
        var result = new ValueTask<InferenceResponse>(pending, pending.Version);
        pending.ListenForCancellation();
        var rejection = Enqueue(pending, now);
        if (rejection is not null)
        {
            if (pending.TryClaim())
            {
                CountFailure(InferenceOutcome.Rejected);
                pending.Fail(rejection);
            }

            pending.ReleaseByBatcher();
        }

        return result;
    }

    /// <summary>The counters since the batcher started.</summary>
    /// <returns>A snapshot.</returns>
    public BatcherStatistics GetStatistics() => _counters.Snapshot(PendingRequests, Time.TimestampFrequency);

    /// <summary>Stops taking requests, runs every request already queued, and stops the instance threads.</summary>
    /// <returns>A task that completes when the last batch has finished.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopped is null)
            {
                _stopping = true;
                Monitor.PulseAll(_gate);
                _stopped = Task.WhenAll(_workers.Select(w => w.Completion));
            }
        }

        return new ValueTask(_stopped);
    }

    internal void Cancel(PendingRequest pending)
    {
        lock (_gate)
        {
            // Claimed under the lock, so a request cancelled while it is being queued is never queued.
            if (!pending.TryClaim())
            {
                return;
            }

            if (pending.Queued)
            {
                RemoveFromCounts(pending);
                pending.Queued = false;
            }
        }

        CountFailure(InferenceOutcome.Cancelled);
        pending.Fail(new OperationCanceledException($"The request to model '{ModelName}' version {ModelVersion} was cancelled.", pending.Token));
    }

    /// <summary>
    /// Waits (holding no lock while waiting) until a batch should go, fills <paramref name="batch"/>, and
    /// moves requests whose deadline passed into <paramref name="dropped"/>. Returns false when the
    /// batcher has stopped and its queue is empty.
    /// </summary>
    internal bool TakeBatch(List<PendingRequest> batch, List<PendingRequest> dropped)
    {
        Monitor.Enter(_gate);
        try
        {
            while (true)
            {
                var now = Time.GetTimestamp();
                if (_queuedRequests == 0)
                {
                    if (_stopping)
                    {
                        return false;
                    }

                    Wait(long.MaxValue);
                    continue;
                }

                if (_running >= Options.Instances)
                {
                    // Every instance is busy (a request may be running inline on its caller's thread).
                    Wait(long.MaxValue);
                    continue;
                }

                if (ShouldDispatch(now, out var target, out var wait))
                {
                    Form(now, target, batch, dropped);
                    if (batch.Count > 0)
                    {
                        _running++;
                    }

                    if (batch.Count > 0 || dropped.Count > 0)
                    {
                        return true;
                    }

                    continue;
                }

                Wait(wait);
            }
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    /// <summary>An instance finished its batch: free its slot and wake a worker if requests wait.</summary>
    internal void FinishBatch()
    {
        lock (_gate)
        {
            _running--;
            if (_queuedRequests > 0 && _waitingWorkers > 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    internal void CountFailure(InferenceOutcome outcome)
    {
        _counters.Count(outcome);
        if (ServingMetrics.RequestFailure.Enabled)
        {
            ServingMetrics.RequestFailure.Add(1, _modelTag, _versionTag, new("reason", ServingMetrics.ReasonTag(outcome)));
        }
    }

    internal void RecordSuccess(long enqueuedAt, long started, long finished)
    {
        var requestTicks = finished - enqueuedAt;
        var queueTicks = started - enqueuedAt;
        _counters.Success(requestTicks, queueTicks);
        ServingMetrics.RequestSuccess.Add(1, _modelTag, _versionTag);
        if (ServingMetrics.RequestDuration.Enabled)
        {
            ServingMetrics.RequestDuration.Record(Microseconds(requestTicks), _modelTag, _versionTag);
        }

        if (ServingMetrics.QueueDuration.Enabled)
        {
            ServingMetrics.QueueDuration.Record(Microseconds(queueTicks), _modelTag, _versionTag);
        }
    }

    internal void RecordBatch(int rows, long started, long finished)
    {
        var ticks = finished - started;
        Volatile.Write(ref _recentBatchRows, (0.8 * Volatile.Read(ref _recentBatchRows)) + (0.2 * rows));
        _counters.Batch(rows, ticks, Time.GetUtcNow());
        ServingMetrics.InferenceCount.Add(rows, _modelTag, _versionTag);
        ServingMetrics.ExecutionCount.Add(1, _modelTag, _versionTag);
        if (ServingMetrics.ComputeDuration.Enabled)
        {
            ServingMetrics.ComputeDuration.Record(Microseconds(ticks), _modelTag, _versionTag);
        }

        if (ServingMetrics.BatchSize.Enabled)
        {
            ServingMetrics.BatchSize.Record(rows, _modelTag, _versionTag);
        }

        if (Options.Adaptive)
        {
            lock (_gate)
            {
                _cost.RecordBatch(rows, ticks);
            }
        }
    }

    /// <summary>
    /// With no queue delay and nothing queued, a request that finds an instance idle runs at once on its
    /// caller's thread: no hand-off to an instance thread and back, so at low load the batcher costs
    /// next to nothing over the engine. Requests that arrive while every instance is busy queue and
    /// batch as usual.
    /// </summary>
    private bool TryTakeIdleInstance()
    {
        lock (_gate)
        {
            // Only while load is light (recent batches held about one row): under load, requests that wait
            // for the instance thread gather into batches, which is where the throughput comes from.
            if (_stopping || _queuedRequests > 0 || _running >= Options.Instances || _recentBatchRows >= 2)
            {
                return false;
            }

            _running++;
            return true;
        }
    }

    private ValueTask<InferenceResponse> RunInline(InferenceRequest request, int rows, long enqueuedAt)
    {
        var inputs = t_inputs ??= new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            var signature = Executor.Signature;
            for (var i = 0; i < signature.Inputs.Count; i++)
            {
                inputs[signature.Inputs[i].Name] = request.Inputs[i];
            }

            var started = Time.GetTimestamp();
            var outputs = Executor.Run(inputs);
            var finished = Time.GetTimestamp();
            var ordered = new Tensor[signature.Outputs.Count];
            for (var j = 0; j < ordered.Length; j++)
            {
                ordered[j] = outputs[signature.Outputs[j].Name];
            }

            RecordBatch(rows, started, finished);
            RecordSuccess(enqueuedAt, started, finished);
            return ValueTask.FromResult(new InferenceResponse(ModelName, ModelVersion, signature, ordered, request.Id));
        }
#pragma warning disable CA1031 // An executor failure fails only this request, as it would fail its batch.
        catch (Exception exception) when (exception is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            CountFailure(InferenceOutcome.Failed);
            return ValueTask.FromException<InferenceResponse>(new InferenceException(
                InferenceOutcome.Failed,
                $"Model '{ModelName}' version {ModelVersion} failed on a batch of {rows} row(s): {exception.Message}",
                exception));
        }
        finally
        {
            inputs.Clear();
            FinishBatch();
        }
    }

    /// <summary>From now on each batch holds one request: the model's outputs do not keep the batch's rows in dimension 0.</summary>
    internal void StopBatchingAcrossRequests() => Volatile.Write(ref _singleRequestBatches, true);

    private InferenceException? Enqueue(PendingRequest pending, long now)
    {
        lock (_gate)
        {
            if (pending.IsCompleted)
            {
                // Cancelled between creation and queueing: the cancellation already answered it.
                pending.ReleaseByBatcher();
                return null;
            }

            if (_stopping)
            {
                return new InferenceException(InferenceOutcome.Rejected, $"Model '{ModelName}' version {ModelVersion} is shutting down.");
            }

            if (_queuedRequests >= Options.MaxQueueSize)
            {
                return new InferenceException(InferenceOutcome.Rejected, $"The queue of model '{ModelName}' version {ModelVersion} is full ({Options.MaxQueueSize} requests).");
            }

            _levels[pending.Priority].Enqueue(pending);
            pending.Queued = true;
            _queuedRequests++;
            _queuedRows += pending.Rows;
            if (pending.Deadline != long.MaxValue)
            {
                _queuedDeadlines++;
            }

            if (Options.Adaptive)
            {
                _cost.RecordArrival(now);
            }

            if (_waitingWorkers > 0)
            {
                Monitor.Pulse(_gate);
            }
        }

        ServingMetrics.PendingRequests.Add(1, _modelTag, _versionTag);
        return null;
    }

    private void RemoveFromCounts(PendingRequest pending)
    {
        _queuedRequests--;
        _queuedRows -= pending.Rows;
        if (pending.Deadline != long.MaxValue)
        {
            _queuedDeadlines--;
        }

        ServingMetrics.PendingRequests.Add(-1, _modelTag, _versionTag);
    }

    private bool ShouldDispatch(long now, out int target, out long wait)
    {
        target = Options.MaxBatchSize;
        wait = long.MaxValue;
        if (_stopping || !IsBatching || Volatile.Read(ref _singleRequestBatches) || _queuedRows >= Options.MaxBatchSize)
        {
            return true;
        }

        if (_maxDelayTicks == 0 && _preferredSizes.Length == 0)
        {
            return true;
        }

        Scan(now, out var oldest, out var rows, out var preferred, out var earliestDeadline, out var expired);
        if (rows == 0 || expired)
        {
            // A queued request is past its deadline: let the batch formation drop it now (and send the live
            // ones, as the deadline cap below intended), rather than when the queue delay runs out.
            return true;
        }

        if (preferred > 0)
        {
            target = preferred;
            return true;
        }

        var remaining = _maxDelayTicks - (now - oldest);
        if (earliestDeadline != long.MaxValue)
        {
            remaining = Math.Min(remaining, earliestDeadline - now - (long)_cost.Estimate(rows));
        }

        if (remaining <= 0)
        {
            return true;
        }

        if (Options.Adaptive)
        {
            if (!_cost.WaitingPays(out var expected))
            {
                return true;
            }

            remaining = Math.Min(remaining, expected);
        }

        wait = remaining;
        return false;
    }

    /// <summary>Walks the live queue in dispatch order up to the maximum batch size.</summary>
    private void Scan(long now, out long oldest, out int rows, out int preferred, out long earliestDeadline, out bool expired)
    {
        oldest = long.MaxValue;
        rows = 0;
        preferred = 0;
        earliestDeadline = long.MaxValue;
        expired = false;
        foreach (var level in _levels)
        {
            for (var i = 0; i < level.Count; i++)
            {
                var pending = level[i];
                if (!pending.Queued)
                {
                    continue;
                }

                if (pending.Deadline <= now)
                {
                    expired = true;
                    continue;
                }

                if (rows + pending.Rows > Options.MaxBatchSize)
                {
                    return;
                }

                rows += pending.Rows;
                oldest = Math.Min(oldest, pending.EnqueuedAt);
                earliestDeadline = Math.Min(earliestDeadline, pending.Deadline);
                if (Array.BinarySearch(_preferredSizes, rows) >= 0)
                {
                    preferred = rows;
                }
            }
        }
    }

    private void Form(long now, int target, List<PendingRequest> batch, List<PendingRequest> dropped)
    {
        var rows = 0;
        var single = !IsBatching || Volatile.Read(ref _singleRequestBatches);
        foreach (var level in _levels)
        {
            while (level.Count > 0)
            {
                var pending = level[0];
                if (!pending.Queued)
                {
                    level.Dequeue();
                    pending.ReleaseByBatcher();
                    continue;
                }

                if (pending.Deadline <= now)
                {
                    level.Dequeue();
                    RemoveFromCounts(pending);
                    pending.Queued = false;
                    dropped.Add(pending);
                    continue;
                }

                if (batch.Count > 0 && (single || rows + pending.Rows > target || !SameRowShapes(batch[0], pending)))
                {
                    return;
                }

                level.Dequeue();
                RemoveFromCounts(pending);
                pending.Queued = false;
                pending.Running = true;
                batch.Add(pending);
                rows += pending.Rows;
            }
        }
    }

    private static bool SameRowShapes(PendingRequest head, PendingRequest candidate)
    {
        var a = head.Request.Inputs;
        var b = candidate.Request.Inputs;
        for (var i = 0; i < a.Count; i++)
        {
            if (!TensorRows.SameRowShape(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Waits on the gate for a new request or for <paramref name="ticks"/>; sub-millisecond waits yield instead of sleeping.</summary>
    private void Wait(long ticks)
    {
        if (ticks == long.MaxValue)
        {
            _waitingWorkers++;
            Monitor.Wait(_gate);
            _waitingWorkers--;
            return;
        }

        var milliseconds = ticks * 1000 / Time.TimestampFrequency;
        if (milliseconds >= 1)
        {
            // Capped so a test clock that jumps ahead is noticed promptly.
            _waitingWorkers++;
            Monitor.Wait(_gate, (int)Math.Min(milliseconds, 50));
            _waitingWorkers--;
            return;
        }

        Monitor.Exit(_gate);
        try
        {
            Thread.Yield();
        }
        finally
        {
            Monitor.Enter(_gate);
        }
    }

    private long ToTicks(TimeSpan span)
    {
        var ticks = span.TotalSeconds * Time.TimestampFrequency;
        return ticks >= long.MaxValue ? long.MaxValue : (long)ticks;
    }

    private double Microseconds(long ticks) => ticks * 1_000_000.0 / Time.TimestampFrequency;
}
