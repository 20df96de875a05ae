using MLOps.Pipelines.Persistence;
using MLOps.Tracking;

namespace MLOps.Pipelines;

/// <summary>
/// One run of a pipeline: the scheduler. Steps whose producers all have outputs become ready; up to
/// <see cref="PipelineRunnerOptions.MaxParallelism"/> run at once on the thread pool; a step that ends without
/// an output ends its transitive dependents (Skipped, or Cancelled when the run was cancelled).
/// </summary>
internal sealed partial class RunExecution
{
    private readonly PipelineRunner _runner;
    private readonly Pipeline _pipeline;
    private readonly StepDefinition[] _steps;
    private readonly RunParameters _parameters;
    private readonly StepResult?[] _results;
    private readonly object?[] _values;
    private readonly ContentHash[] _hashes;
    private readonly int[] _remaining;
    private readonly Queue<int> _ready = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _started;
    private readonly long _startedTimestamp;
    private HashSet<string> _cachedKeys = new(StringComparer.Ordinal);
    private bool _cacheComplete = true;
    private CancellationToken _cancellation;
    private ActiveRun? _tracking;
    private int _running;
    private int _done;
    private string? _firstError;

    private RunExecution(PipelineRunner runner, Pipeline pipeline, string runId, RunParameters parameters)
    {
        _runner = runner;
        _pipeline = pipeline;
        _steps = pipeline.Definitions;
        RunId = runId;
        _parameters = parameters;
        _results = new StepResult?[_steps.Length];
        _values = new object?[_steps.Length];
        _hashes = new ContentHash[_steps.Length];
        _remaining = new int[_steps.Length];
        _started = runner.Time.GetUtcNow();
        _startedTimestamp = runner.Time.GetTimestamp();
    }

    public string RunId { get; }

    public static async ValueTask<RunExecution> CreateAsync(PipelineRunner runner, Pipeline pipeline, string runId, RunParameters parameters, CancellationToken cancellationToken)
    {
        var execution = new RunExecution(runner, pipeline, runId, parameters);
        var cached = pipeline.Definitions.Where(static s => s.Options is { Cache: true, Refresh: false }).Select(static s => s.Name).ToList();
        if (cached.Count > 0)
        {
            // The keys only, in one query: a miss needs no query, a hit loads its one entry. Bounded, so a long
            // cache history does not make every run slower.
            (execution._cachedKeys, execution._cacheComplete) = await runner.Store.LoadCacheKeysAsync(cached, runner.Options.CachePreloadLimit, cancellationToken).ConfigureAwait(false);
        }

        return execution;
    }

    public async Task<PipelineRunResult> RunAsync(CancellationToken cancellationToken)
    {
        _cancellation = cancellationToken;
        await _runner.Store.SaveRunAsync(Record(PipelineRunStatus.Running, null), CancellationToken.None).ConfigureAwait(false);
        if (_runner.Options.Tracking is { } tracking)
        {
            _tracking = await StartTrackingAsync(tracking, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            for (var i = 0; i < _steps.Length; i++)
            {
                if (_results[i] is not null)
                {
                    continue;
                }

                _remaining[i] = _steps[i].Dependencies.Count(d => _results[d] is null);
                if (_remaining[i] == 0)
                {
                    _ready.Enqueue(i);
                }
            }

            LaunchReady();
            if (_done == _steps.Length)
            {
                _finished.TrySetResult();
            }
        }

        await _finished.Task.ConfigureAwait(false);
        if (_tracking is not null)
        {
            await AwaitTrackingAsync().ConfigureAwait(false);
        }

        var status = _results.Any(static r => r!.State == StepState.Failed) ? PipelineRunStatus.Failed
            : _results.Any(static r => r!.State is StepState.Cancelled or StepState.Skipped) ? PipelineRunStatus.Cancelled
            : PipelineRunStatus.Succeeded;
        var duration = _runner.Time.GetElapsedTime(_startedTimestamp);
        await _runner.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await _runner.Store.SaveRunAsync(Record(status, duration), CancellationToken.None).ConfigureAwait(false);
        if (_tracking is not null)
        {
            await EndTrackingAsync(status).ConfigureAwait(false);
        }

        return new PipelineRunResult(RunId, _pipeline.Name, status, _started, duration, _results!, _values, _tracking?.Id);
    }

    private RunRecord Record(PipelineRunStatus status, TimeSpan? duration) => new(
        RunId,
        _pipeline.Name,
        status,
        Micros.From(_started),
        duration is { } d ? Micros.From(d) : null,
        _steps.Length,
        _results.Count(static r => r?.State == StepState.Cached),
        _parameters.Json,
        _tracking?.Id,
        _firstError);

    /// <summary>
    /// Records a step's end and schedules what it unblocks. Called once per step. Returns a ready step for the
    /// calling thread to run next (so a chain runs without a thread-pool hop per step), or -1.
    /// </summary>
    private int Complete(int index, StepResult result, object? value, StepRecord record, CacheEntry? cacheEntry)
    {
        _runner.Writer.Enqueue(record, cacheEntry);
        lock (_gate)
        {
            _results[index] = result;
            _values[index] = value;
            if (result.OutputHash is { } hash)
            {
                _hashes[index] = hash;
            }

            _running--;
            _done++;
            if (result.HasOutput)
            {
                foreach (var dependent in _steps[index].Dependents)
                {
                    if (--_remaining[dependent] == 0 && _results[dependent] is null)
                    {
                        _ready.Enqueue(dependent);
                    }
                }
            }
            else
            {
                if (result.State == StepState.Failed)
                {
                    _firstError ??= $"step '{result.Name}': {result.Error}";
                }

                EndDependents(index, result.State == StepState.Failed ? StepState.Skipped : result.State);
            }

            var next = -1;
            if (!_cancellation.IsCancellationRequested && _ready.TryDequeue(out next))
            {
                _running++;
            }
            else
            {
                next = -1;
            }

            LaunchReady();
            if (_done == _steps.Length)
            {
                _finished.TrySetResult();
            }

            return next;
        }
    }

    private void EndDependents(int index, StepState state)
    {
        foreach (var dependent in _steps[index].Dependents)
        {
            if (_results[dependent] is not null)
            {
                continue;
            }

            var reason = state == StepState.Skipped ? $"dependency '{_steps[index].Name}' did not produce an output" : "the run was cancelled";
            var result = new StepResult(_steps[dependent].Name, state, 0, TimeSpan.Zero, null, null, reason);
            _results[dependent] = result;
            _done++;
            _runner.Writer.Enqueue(ToRecord(dependent, result, Micros.From(_runner.Time.GetUtcNow()), null, null), null);
            EndDependents(dependent, state);
        }
    }

    private void LaunchReady()
    {
        while (_running < _runner.Options.MaxParallelism && _ready.TryDequeue(out var next))
        {
            _running++;
            ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Execution.ExecuteChainAsync(s.Index), (Execution: this, Index: next), preferLocal: false);
        }
    }

    private StepRecord ToRecord(int index, StepResult result, long startedMicros, byte[]? inline, string? serializer) => new(
        RunId,
        result.Name,
        index,
        result.State,
        result.Attempts,
        startedMicros,
        Micros.From(result.Duration),
        result.CacheKey,
        result.OutputHash?.ToString(),
        serializer,
        inline,
        result.Error);
}
