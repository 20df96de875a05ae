using System.Collections.Concurrent;
using MLOps.Pipelines.Persistence;
using MLOps.Storage;

namespace MLOps.Pipelines;

/// <summary>
/// Runs pipelines in a workspace: steps in parallel up to a limit, with timeouts, Polly retries and
/// cancellation; outputs stored content-addressed; explicit cache keys; runs and steps recorded in the
/// <c>pl</c> tables (written in batches); resume of failed runs; tracking when configured.
/// </summary>
/// <remarks>Thread-safe: runs may go concurrently, and identical steps of concurrent runs compute once.</remarks>
/// <example>
/// <code>
/// await using var runner = await PipelineRunner.OpenAsync(workspace);
/// PipelineRunResult result = await runner.RunAsync(pipeline, new Dictionary&lt;string, object?&gt; { ["rate"] = 0.2 });
/// if (result.Status == PipelineRunStatus.Failed) { result = await runner.ResumeAsync(pipeline, result.RunId); }
/// </code>
/// </example>
public sealed partial class PipelineRunner : IAsyncDisposable
{
    private const int MaxRecentEntries = 10_000;

    private PipelineRunner(PipelineStore store, PipelineRunnerOptions options)
    {
        Store = store;
        Options = options;
        Time = options.TimeProvider ?? store.Workspace.TimeProvider;
        Writer = new StepRecordWriter(store);
    }

    /// <summary>The workspace.</summary>
    public MLOpsWorkspace Workspace => Store.Workspace;

    /// <summary>The options (do not change them after opening).</summary>
    public PipelineRunnerOptions Options { get; }

    internal PipelineStore Store { get; }

    internal StepRecordWriter Writer { get; }

    internal TimeProvider Time { get; }

    /// <summary>Computations in flight, by cache key: a second identical step awaits the first.</summary>
    internal ConcurrentDictionary<string, Task<StoredOutput>> InFlight { get; } = new(StringComparer.Ordinal);

    /// <summary>Cache entries this runner wrote, for runs whose preloaded cache predates them.</summary>
    internal ConcurrentDictionary<string, CacheEntry> Recent { get; } = new(StringComparer.Ordinal);

    /// <summary>Opens a runner, creating the <c>pl</c> tables on first use.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <returns>The runner; dispose it to flush its records.</returns>
    /// <exception cref="ValidationException">An option is invalid.</exception>
    public static async ValueTask<PipelineRunner> OpenAsync(MLOpsWorkspace workspace, PipelineRunnerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new PipelineRunnerOptions();
        options.Validate();
        var store = await PipelineStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        return new PipelineRunner(store, options);
    }

    /// <summary>Runs a pipeline.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="parameters">Parameter values by name; declared defaults fill the rest.</param>
    /// <param name="cancellationToken">Cancels the run: running steps see it, unstarted ones end Cancelled.</param>
    /// <returns>The result; a failed step makes the run Failed (no exception).</returns>
    /// <exception cref="ValidationException">A parameter is unknown, missing, or of the wrong type.</exception>
    public async Task<PipelineRunResult> RunAsync(Pipeline pipeline, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var values = RunParameters.Bind(pipeline, parameters);
        var execution = await RunExecution.CreateAsync(this, pipeline, NewRunId(), values, cancellationToken).ConfigureAwait(false);
        return await execution.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Re-runs a failed, cancelled or interrupted run under the same id: steps whose outputs were recorded
    /// (and still verify) are reused; failed, skipped, cancelled and unfinished steps are computed.
    /// </summary>
    /// <param name="pipeline">The pipeline the run ran (same name and steps).</param>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result.</returns>
    /// <exception cref="NotFoundException">No such run.</exception>
    /// <exception cref="ValidationException">The run belongs to another pipeline.</exception>
    public async Task<PipelineRunResult> ResumeAsync(Pipeline pipeline, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException($"No pipeline run '{runId}' in workspace {Workspace.RootPath}.");
        if (!string.Equals(run.Pipeline, pipeline.Name, StringComparison.Ordinal))
        {
            throw new ValidationException($"Run '{runId}' is of pipeline '{run.Pipeline}', not '{pipeline.Name}'.");
        }

        var values = await RunParameters.RestoreAsync(pipeline, run.Parameters, cancellationToken).ConfigureAwait(false);
        var execution = await RunExecution.CreateAsync(this, pipeline, runId, values, cancellationToken).ConfigureAwait(false);
        var steps = await Store.GetStepsAsync(runId, cancellationToken).ConfigureAwait(false);
        await execution.RestoreAsync(steps, cancellationToken).ConfigureAwait(false);
        return await execution.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists recorded runs, newest first.</summary>
    /// <param name="pipeline">Only this pipeline's runs, or all when null.</param>
    /// <param name="limit">At most this many (1 to 10,000).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The runs, without their steps.</returns>
    public async ValueTask<IReadOnlyList<PipelineRunInfo>> ListRunsAsync(string? pipeline = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 10_000);
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var runs = await Store.ListRunsAsync(pipeline, limit, cancellationToken).ConfigureAwait(false);
        return [.. runs.Select(r => ToInfo(r, []))];
    }

    /// <summary>Gets a recorded run with its steps.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run.</exception>
    public async ValueTask<PipelineRunInfo> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException($"No pipeline run '{runId}' in workspace {Workspace.RootPath}.");
        var steps = await Store.GetStepsAsync(runId, cancellationToken).ConfigureAwait(false);
        return ToInfo(run, [.. steps.Select(static s => new StepResult(
            s.Step, s.State, s.Attempts, Micros.ToSpan(s.DurationMicros), s.CacheKey, s.OutputHash is null ? null : ContentHash.Parse(s.OutputHash), s.Error))]);
    }

    /// <summary>Flushes the step records still queued.</summary>
    /// <returns>When flushed.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await Writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal void Remember(CacheEntry entry)
    {
        if (Recent.Count >= MaxRecentEntries)
        {
            Recent.Clear();
        }

        Recent[entry.Key] = entry;
    }

    private static string NewRunId() => Guid.CreateVersion7().ToString("N");

    private static PipelineRunInfo ToInfo(RunRecord r, IReadOnlyList<StepResult> steps) => new(
        r.Id,
        r.Pipeline,
        r.Status,
        Micros.ToTime(r.StartedAtMicros),
        r.DurationMicros is { } d ? Micros.ToSpan(d) : null,
        r.StepCount,
        r.CachedCount,
        r.TrackingRunId,
        r.Error,
        steps);
}
