using MLOps.Pipelines.Caching;
using MLOps.Pipelines.Persistence;

namespace MLOps.Pipelines.Workers;

/// <summary>
/// Runs a submitted pipeline run together with other workers (processes, or instances each with its own
/// workspace connection) on a PostgreSQL workspace: each worker claims a ready step with
/// <c>SELECT … FOR UPDATE SKIP LOCKED</c>, holds it under a lease renewed by heartbeats, and records the
/// output only while it still holds the claim (compare-and-swap), so a step whose worker died is claimed
/// again when its lease expires and no output is recorded twice. On SQLite one process runs all steps:
/// the worker resumes the run in-process.
/// </summary>
/// <example>
/// <code>
/// var runId = await PipelineWorker.SubmitAsync(runner, pipeline);
/// // in each process:
/// var status = await new PipelineWorker(runner).RunAsync(pipeline, runId);
/// </code>
/// </example>
public sealed class PipelineWorker
{
    private readonly PipelineRunner _runner;
    private readonly WorkerStore _store;

    /// <summary>Creates a worker.</summary>
    /// <param name="runner">The runner over this worker's workspace connection.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <exception cref="ValidationException">An option is invalid.</exception>
    public PipelineWorker(PipelineRunner runner, PipelineWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        Options = options ?? new PipelineWorkerOptions();
        Options.Validate();
        _runner = runner;
        _store = new WorkerStore(runner.Store);
    }

    /// <summary>The options.</summary>
    public PipelineWorkerOptions Options { get; }

    /// <summary>Test hook: on cancellation, leave the claim as a crashed process would (no release).</summary>
    internal bool AbandonClaimsOnCancel { get; set; }

    /// <summary>Records a run whose steps workers will claim: the run row, and every step pending.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="parameters">Parameter values; defaults fill the rest.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The run's id.</returns>
    /// <exception cref="ValidationException">A parameter is unknown, missing, or of the wrong type.</exception>
    public static async Task<string> SubmitAsync(PipelineRunner runner, Pipeline pipeline, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(pipeline);
        var values = RunParameters.Bind(pipeline, parameters);
        var runId = Guid.CreateVersion7().ToString("N");
        var now = Micros.From(runner.Time.GetUtcNow());
        await runner.Store.SaveRunAsync(new RunRecord(runId, pipeline.Name, PipelineRunStatus.Running, now, null, pipeline.Definitions.Length, 0, values.Json, null, null), cancellationToken).ConfigureAwait(false);
        var steps = pipeline.Definitions.Select(s => new StepRecord(runId, s.Name, s.Index, StepState.Pending, 0, 0, 0, null, null, null, null, null)).ToList();
        await runner.Store.WriteAsync(steps, [], cancellationToken).ConfigureAwait(false);
        return runId;
    }

    /// <summary>Works on a submitted run until every step has ended (by this worker or others).</summary>
    /// <param name="pipeline">The run's pipeline.</param>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Stops working; a step in progress is released for others.</param>
    /// <returns>The run's status once all steps ended.</returns>
    /// <exception cref="NotFoundException">No such run.</exception>
    public async Task<PipelineRunStatus> RunAsync(Pipeline pipeline, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (!string.Equals(_runner.Workspace.Dialect.Name, "postgresql", StringComparison.Ordinal))
        {
            return (await _runner.ResumeAsync(pipeline, runId, cancellationToken).ConfigureAwait(false)).Status;
        }

        var run = await _store.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException($"No pipeline run '{runId}' in workspace {_runner.Workspace.RootPath}.");
        var parameters = await RunParameters.RestoreAsync(pipeline, run.Parameters, cancellationToken).ConfigureAwait(false);
        var byName = pipeline.Definitions.ToDictionary(static d => d.Name, StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var states = await _store.StatesAsync(runId, cancellationToken).ConfigureAwait(false);
            if (states.Values.All(static s => IsTerminal(s.State)))
            {
                return await FinishAsync(run, states, cancellationToken).ConfigureAwait(false);
            }

            var now = Micros.From(_runner.Time.GetUtcNow());
            var candidates = new List<string>();
            foreach (var step in pipeline.Definitions)
            {
                var (state, lease) = states[step.Name];
                var claimable = state == StepState.Pending || (state == StepState.Running && lease < now);
                if (!claimable)
                {
                    continue;
                }

                var producers = step.Dependencies.Select(d => states[pipeline.Definitions[d].Name].State).ToList();
                if (state == StepState.Pending && producers.Any(static p => p is StepState.Failed or StepState.Skipped or StepState.Cancelled))
                {
                    await _store.SkipAsync(runId, step.Name, "a dependency did not produce an output", cancellationToken).ConfigureAwait(false);
                }
                else if (producers.All(HasOutput))
                {
                    candidates.Add(step.Name);
                }
            }

            // The lease starts when the claim is taken, not when the states were read.
            var claimed = candidates.Count == 0 ? null
                : await _store.ClaimAsync(runId, candidates, Options.WorkerId, Micros.From(_runner.Time.GetUtcNow()), Micros.From(Options.Lease), cancellationToken).ConfigureAwait(false);
            if (claimed is null)
            {
                await Task.Delay(Options.PollInterval, _runner.Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await ExecuteClaimedAsync(pipeline, byName[claimed], runId, parameters, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTerminal(StepState state) => state is not (StepState.Pending or StepState.Running);

    private static bool HasOutput(StepState state) => state is StepState.Succeeded or StepState.Cached or StepState.Reused;

    private async Task ExecuteClaimedAsync(Pipeline pipeline, StepDefinition step, string runId, RunParameters parameters, CancellationToken cancellationToken)
    {
        var started = _runner.Time.GetTimestamp();
        var startedMicros = Micros.From(_runner.Time.GetUtcNow());
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(runId, step.Name, lost, heartbeatStop.Token);
        var attempts = new AttemptCounter();
        string? key = null;
        StepRecord record;
        CacheEntry? entry = null;
        try
        {
            var (args, hashes) = await LoadInputsAsync(pipeline, step, runId, parameters, lost.Token).ConfigureAwait(false);
            key = CacheKey.Compute(step, hashes);
            StoredOutput? output = null;
            var state = StepState.Succeeded;
            if (step.Options is { Cache: true, Refresh: false }
                && await _store.Store.GetCacheAsync(key, lost.Token).ConfigureAwait(false) is { } hit
                && string.Equals(hit.Serializer, step.Codec.Tag, StringComparison.Ordinal)
                && (step.Options.CacheExpiry is not { } expiry || Micros.ToTime(hit.CreatedAtMicros) + expiry > _runner.Time.GetUtcNow()))
            {
                output = await StepInvoker.LoadVerifiedAsync(_runner.Workspace.Blobs, hit.OutputHash, hit.InlineOutput, lost.Token).ConfigureAwait(false);
                state = StepState.Cached;
            }

            if (output is null)
            {
                state = StepState.Succeeded;
                (output, _) = await StepInvoker.ComputeAsync(_runner, runId, pipeline.Name, step, args, attempts, lost.Token).ConfigureAwait(false);
                if (step.Options.Cache)
                {
                    entry = new CacheEntry(key, step.Name, output.Hash, step.Codec.Tag, output.InBlobStore ? null : output.Bytes, Micros.From(_runner.Time.GetUtcNow()), runId);
                }
            }

            record = new StepRecord(runId, step.Name, step.Index, state, attempts.Count, startedMicros, Micros.From(_runner.Time.GetElapsedTime(started)), key,
                output.Hash.ToString(), step.Codec.Tag, output.InBlobStore ? null : output.Bytes, null);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested && !AbandonClaimsOnCancel)
            {
                await _store.ReleaseAsync(runId, step.Name, Options.WorkerId, CancellationToken.None).ConfigureAwait(false);
            }

            // Shutting down, or the claim was lost to another worker: nothing of this attempt is recorded.
            cancellationToken.ThrowIfCancellationRequested();
            return;
        }
        catch (Exception exception)
        {
            record = new StepRecord(runId, step.Name, step.Index, StepState.Failed, attempts.Count, startedMicros, Micros.From(_runner.Time.GetElapsedTime(started)), key,
                null, null, null, exception.GetType().Name + ": " + exception.Message);
        }

        await heartbeatStop.CancelAsync().ConfigureAwait(false);
        await heartbeat.ConfigureAwait(false);
        await _store.CompleteAsync(record, Options.WorkerId, entry, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<(object?[] Args, ContentHash[] Hashes)> LoadInputsAsync(Pipeline pipeline, StepDefinition step, string runId, RunParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await _store.Store.GetStepsAsync(runId, cancellationToken).ConfigureAwait(false)).ToDictionary(static r => r.Step, StringComparer.Ordinal);
        var args = new object?[step.Inputs.Length];
        var hashes = new ContentHash[step.Inputs.Length];
        for (var i = 0; i < step.Inputs.Length; i++)
        {
            if (step.InputSteps[i] < 0)
            {
                args[i] = parameters.Values[step.InputParameters[i]];
                hashes[i] = parameters.Hashes[step.InputParameters[i]];
                continue;
            }

            var producer = pipeline.Definitions[step.InputSteps[i]];
            var row = rows[producer.Name];
            var output = row.OutputHash is null ? null
                : await StepInvoker.LoadVerifiedAsync(_runner.Workspace.Blobs, ContentHash.Parse(row.OutputHash), row.InlineOutput, cancellationToken).ConfigureAwait(false);
            if (output is null)
            {
                throw new CorruptException($"Run {runId}: the output of step '{producer.Name}' ({row.OutputHash}) is missing or does not verify.");
            }

            args[i] = await producer.Codec.DeserializeAsync(output.Bytes, cancellationToken).ConfigureAwait(false);
            hashes[i] = output.Hash;
        }

        return (args, hashes);
    }

    private async Task HeartbeatAsync(string runId, string step, CancellationTokenSource lost, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Options.HeartbeatInterval, _runner.Time, stop).ConfigureAwait(false);
                var until = Micros.From(_runner.Time.GetUtcNow() + Options.Lease);
                if (!await _store.HeartbeatAsync(runId, step, Options.WorkerId, until, stop).ConfigureAwait(false))
                {
                    // Another worker took the step over (our lease had expired): stop computing it.
                    await lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The step ended.
        }
    }

    private async Task<PipelineRunStatus> FinishAsync(RunRecord run, Dictionary<string, (StepState State, long? LeaseUntil)> states, CancellationToken cancellationToken)
    {
        var status = states.Values.Any(static s => s.State == StepState.Failed) ? PipelineRunStatus.Failed
            : states.Values.All(static s => HasOutput(s.State)) ? PipelineRunStatus.Succeeded
            : PipelineRunStatus.Cancelled;
        var duration = Micros.From(_runner.Time.GetUtcNow()) - run.StartedAtMicros;
        var failed = states.FirstOrDefault(static s => s.Value.State == StepState.Failed).Key;
        await _store.FinishRunAsync(run.Id, status, duration, states.Values.Count(static s => s.State == StepState.Cached), failed is null ? null : $"step '{failed}' failed", cancellationToken).ConfigureAwait(false);
        return status;
    }
}
