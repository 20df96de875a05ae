using MLOps.Storage;
using MLOps.Tracking.Schema;

namespace MLOps.Tracking;

/// <summary>
/// The tracker and model registry of a workspace: experiments, runs, params, metrics, tags, artifacts,
/// search, registered models with versions and aliases, and lineage, in the workspace's database
/// (SQLite by default, PostgreSQL with no code change). One object per process is enough; it is
/// thread-safe, and several processes may share one workspace. Dispose it to store every metric point
/// still buffered.
/// </summary>
/// <example>
/// <code>
/// await using var tracking = await TrackingStore.OpenAsync(".mlops");
/// await using var run = await tracking.StartRunAsync("churn", "gbm-baseline");
/// await run.LogParamAsync("learning_rate", 0.05);
/// for (var epoch = 0; epoch &lt; 10; epoch++) run.LogMetric("rmse", Train(epoch));
/// await run.LogArtifactFileAsync("model.onnx");
/// var version = await tracking.Models.RegisterVersionAsync("churn", run.Id, "model.onnx");
/// await tracking.Models.SetAliasAsync("churn", "champion", version.Version);
/// </code>
/// </example>
public sealed class TrackingStore : IAsyncDisposable
{
    private readonly TrackingContext _context;
    private readonly bool _ownsWorkspace;
    private int _disposed;

    private TrackingStore(TrackingContext context, bool ownsWorkspace)
    {
        _context = context;
        _ownsWorkspace = ownsWorkspace;
        Experiments = new ExperimentCatalog(context);
        Runs = new RunCatalog(context);
        Metrics = new MetricCatalog(context);
        Artifacts = new ArtifactCatalog(context);
        Models = new ModelRegistry(context);
        Lineage = new LineageCatalog(context);
    }

    /// <summary>The workspace the store keeps its data in.</summary>
    public MLOpsWorkspace Workspace => _context.Workspace;

    /// <summary>The options in effect.</summary>
    public TrackingOptions Options => _context.Options;

    /// <summary>Experiments: create, get, list, tag, delete, restore.</summary>
    public ExperimentCatalog Experiments { get; }

    /// <summary>Runs: get, search, end, delete, restore, params, tags, inputs, the dead-run sweep.</summary>
    public RunCatalog Runs { get; }

    /// <summary>Metrics: summaries, value at a step, downsampled histories, direct batch logging.</summary>
    public MetricCatalog Metrics { get; }

    /// <summary>Artifacts: files and streams stored with runs.</summary>
    public ArtifactCatalog Artifacts { get; }

    /// <summary>The model registry: registered models, versions, aliases and their history.</summary>
    public ModelRegistry Models { get; }

    /// <summary>Lineage: the runs that used a dataset, and the model versions they produced.</summary>
    public LineageCatalog Lineage { get; }

    /// <summary>Opens the tracking store of an open workspace, creating or upgrading its tables.</summary>
    /// <param name="workspace">The workspace; the store does not dispose it.</param>
    /// <param name="options">The options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The store; dispose it to flush buffered metric points.</returns>
    /// <exception cref="ValidationException">An option is out of range.</exception>
    /// <exception cref="ConflictException">The database holds a newer tracking schema than this code.</exception>
    public static async ValueTask<TrackingStore> OpenAsync(MLOpsWorkspace workspace, TrackingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new TrackingOptions();
        options.Validate();
        await workspace.MigrateAsync(TrackingMigrations.Instance, cancellationToken).ConfigureAwait(false);
        return new TrackingStore(new TrackingContext(workspace, options), ownsWorkspace: false);
    }

    /// <summary>Opens (or creates) the workspace at a folder and its tracking store; disposing the store closes the workspace.</summary>
    /// <param name="workspacePath">The workspace folder, such as <c>.mlops</c>.</param>
    /// <param name="options">The options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The store.</returns>
    public static async ValueTask<TrackingStore> OpenAsync(string workspacePath, TrackingOptions? options = null, CancellationToken cancellationToken = default)
    {
        var workspace = await MLOpsWorkspace.OpenAsync(workspacePath, cancellationToken).ConfigureAwait(false);
        try
        {
            options ??= new TrackingOptions();
            options.Validate();
            await workspace.MigrateAsync(TrackingMigrations.Instance, cancellationToken).ConfigureAwait(false);
            return new TrackingStore(new TrackingContext(workspace, options), ownsWorkspace: true);
        }
        catch
        {
            await workspace.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a run in an experiment (created when missing).</summary>
    /// <param name="experiment">The experiment's name.</param>
    /// <param name="name">The run's name, or null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The active run; dispose it (or call <see cref="ActiveRun.EndAsync"/>) to end it.</returns>
    /// <exception cref="ValidationException">A name is invalid.</exception>
    /// <exception cref="ConflictException">The experiment is deleted.</exception>
    public ValueTask<ActiveRun> StartRunAsync(string experiment, string? name = null, CancellationToken cancellationToken = default) =>
        StartRunAsync(experiment, new RunStartOptions { Name = name }, cancellationToken);

    /// <summary>Starts a run in an experiment (created when missing), nested and tagged as the options say.</summary>
    /// <param name="experiment">The experiment's name.</param>
    /// <param name="options">The run's name, parent and tags.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The active run; dispose it (or call <see cref="ActiveRun.EndAsync"/>) to end it.</returns>
    /// <exception cref="ValidationException">A name, tag or key is invalid.</exception>
    /// <exception cref="NotFoundException">The parent run does not exist.</exception>
    /// <exception cref="ConflictException">The experiment is deleted.</exception>
    public async ValueTask<ActiveRun> StartRunAsync(string experiment, RunStartOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfDisposed();
        var row = await Runs.Lifecycle.CreateAsync(experiment, options, cancellationToken).ConfigureAwait(false);
        return new ActiveRun(this, _context, row.Id, row.Seq, row.ExperimentId, options.Name);
    }

    /// <summary>
    /// Runs work inside a run: FINISHED when it returns, FAILED when it throws (the error is kept in the
    /// <c>mlops.error</c> tag), KILLED when it is cancelled through <paramref name="cancellationToken"/>.
    /// The exception is rethrown.
    /// </summary>
    /// <param name="experiment">The experiment's name.</param>
    /// <param name="name">The run's name, or null.</param>
    /// <param name="work">The work, given the active run.</param>
    /// <param name="cancellationToken">Passed to the work.</param>
    /// <returns>The run's id.</returns>
    public async Task<string> RunAsync(string experiment, string? name, Func<ActiveRun, CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return (await RunAsync<bool>(
            experiment,
            name,
            async (run, ct) =>
            {
                await work(run, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false)).RunId;
    }

    /// <summary>Runs work that returns a result inside a run; see <see cref="RunAsync(string, string?, Func{ActiveRun, CancellationToken, Task}, CancellationToken)"/>.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="experiment">The experiment's name.</param>
    /// <param name="name">The run's name, or null.</param>
    /// <param name="work">The work, given the active run.</param>
    /// <param name="cancellationToken">Passed to the work.</param>
    /// <returns>The run's id and the work's result.</returns>
    public async Task<(string RunId, T Result)> RunAsync<T>(string experiment, string? name, Func<ActiveRun, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var run = await StartRunAsync(experiment, name, cancellationToken).ConfigureAwait(false);
        T result;
        try
        {
            result = await work(run, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await run.EndAsync(RunStatus.Killed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception exception)
        {
            var message = $"{exception.GetType().Name}: {exception.Message}";
            await run.SetTagAsync("mlops.error", message.Length <= TrackingLimits.MaxTagValueLength ? message : message[..TrackingLimits.MaxTagValueLength], CancellationToken.None).ConfigureAwait(false);
            await run.EndAsync(RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await run.EndAsync(RunStatus.Finished, CancellationToken.None).ConfigureAwait(false);
        return (run.Id, result);
    }

    /// <summary>Waits until every metric point logged so far is stored.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the points are stored; it throws the first write error since the last flush.</returns>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _context.Writer.FlushAsync(cancellationToken);

    /// <summary>Stores every buffered metric point and stops the writer; closes the workspace when the store opened it.</summary>
    /// <returns>A task that completes when everything is stored.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _context.Writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_ownsWorkspace)
            {
                await _context.Workspace.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether the store has been disposed (active runs stop their heartbeats then).</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
