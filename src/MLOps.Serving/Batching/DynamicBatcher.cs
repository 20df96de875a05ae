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
public sealed partial class DynamicBatcher : IAsyncDisposable
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

    /// <summary>From now on each batch holds one request: the model's outputs do not keep the batch's rows in dimension 0.</summary>
    internal void StopBatchingAcrossRequests() => Volatile.Write(ref _singleRequestBatches, true);

    private long ToTicks(TimeSpan span)
    {
        var ticks = span.TotalSeconds * Time.TimestampFrequency;
        return ticks >= long.MaxValue ? long.MaxValue : (long)ticks;
    }

    private double Microseconds(long ticks) => ticks * 1_000_000.0 / Time.TimestampFrequency;
}
