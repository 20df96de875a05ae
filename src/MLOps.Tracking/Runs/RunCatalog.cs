using MLOps.Lineage;
using MLOps.Storage.Sql;
using MLOps.Tracking.Runs;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Search;

namespace MLOps.Tracking;

/// <summary>
/// Runs: read, end, rename, soft-delete and restore; params, tags and inputs by run id; search with the
/// filter language; the sweep that marks the runs of dead processes KILLED. Reached through
/// <see cref="TrackingStore.Runs"/>; start runs with <see cref="TrackingStore.StartRunAsync(string, string?, CancellationToken)"/>.
/// Thread-safe.
/// </summary>
public sealed class RunCatalog
{
    private readonly TrackingContext _context;
    private readonly RunLifecycle _lifecycle;
    private readonly RunDataStore _data;
    private readonly RunReader _reader;
    private readonly RunSearch _search;

    internal RunCatalog(TrackingContext context)
    {
        _context = context;
        _lifecycle = new RunLifecycle(context);
        _data = new RunDataStore(context);
        _reader = new RunReader(context);
        _search = new RunSearch(context, _reader);
    }

    internal RunLifecycle Lifecycle => _lifecycle;

    /// <summary>Gets a run with its params, tags, metric summaries and inputs.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The run (also when soft-deleted).</returns>
    /// <exception cref="ValidationException">The id is malformed.</exception>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    public ValueTask<Run> GetAsync(string runId, CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync((c, ct) => _reader.GetAsync(c, runId, ct), cancellationToken);

    /// <summary>
    /// Searches runs with the filter language, ordered and paged by keyset (see <see cref="RunQuery"/>).
    /// Pages stay consistent while runs are added: each run appears at most once across pages.
    /// </summary>
    /// <param name="query">The filter, order, page size, experiments and continuation token.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>A page of runs and the token for the next page.</returns>
    /// <exception cref="ValidationException">The filter or order does not parse (the message names the position), or the token is not from this query.</exception>
    /// <exception cref="NotFoundException">A named experiment does not exist.</exception>
    public ValueTask<RunSearchResult> SearchAsync(RunQuery query, CancellationToken cancellationToken = default) =>
        _search.SearchAsync(query, cancellationToken);

    /// <summary>Ends a RUNNING run. Ending it again with the same status is a no-op.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="status">FINISHED, FAILED or KILLED.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the run is ended.</returns>
    /// <exception cref="ValidationException">The status is RUNNING.</exception>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    /// <exception cref="ConflictException">The run already ended with another status.</exception>
    public ValueTask EndAsync(string runId, RunStatus status, CancellationToken cancellationToken = default) =>
        _lifecycle.EndAsync(runId, status, cancellationToken);

    /// <summary>Renames a run.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="name">The new name, or null for none.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the name is stored.</returns>
    public ValueTask RenameAsync(string runId, string? name, CancellationToken cancellationToken = default) =>
        _lifecycle.RenameAsync(runId, name, cancellationToken);

    /// <summary>Soft-deletes a run: searches skip it unless asked; its data is kept and it can be restored. A no-op when already deleted.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the run is marked deleted.</returns>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    public ValueTask DeleteAsync(string runId, CancellationToken cancellationToken = default) =>
        _lifecycle.SetDeletedAsync(runId, deleted: true, cancellationToken);

    /// <summary>Restores a soft-deleted run. A no-op when it is not deleted.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the run is active again.</returns>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    public ValueTask RestoreAsync(string runId, CancellationToken cancellationToken = default) =>
        _lifecycle.SetDeletedAsync(runId, deleted: false, cancellationToken);

    /// <summary>Logs a param. Params are immutable: the same value again is a no-op, a different one a conflict naming both values.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="key">The param key.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the param is stored.</returns>
    /// <exception cref="ValidationException">The key or value is invalid.</exception>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    /// <exception cref="ConflictException">The param has a different value, or the run is deleted.</exception>
    public ValueTask LogParamAsync(string runId, string key, ParamValue value, CancellationToken cancellationToken = default) =>
        _data.LogParamsAsync(runId, [new(key, value)], cancellationToken);

    /// <summary>Logs any number of params in one transaction: all are stored or none.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="parameters">The params.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the params are stored.</returns>
    /// <exception cref="ValidationException">A key or value is invalid.</exception>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    /// <exception cref="ConflictException">A param has a different value, or the run is deleted.</exception>
    public ValueTask LogParamsAsync(string runId, IEnumerable<KeyValuePair<string, ParamValue>> parameters, CancellationToken cancellationToken = default) =>
        _data.LogParamsAsync(runId, parameters, cancellationToken);

    /// <summary>Sets (or replaces) a tag.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The value, at most 8,000 characters.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the tag is stored.</returns>
    /// <exception cref="ValidationException">The key or value is invalid.</exception>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    public ValueTask SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        _data.SetTagsAsync(runId, [new(key, value)], cancellationToken);

    /// <summary>Sets (or replaces) several tags in one transaction.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="tags">The tags.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the tags are stored.</returns>
    public ValueTask SetTagsAsync(string runId, IEnumerable<KeyValuePair<string, string>> tags, CancellationToken cancellationToken = default) =>
        _data.SetTagsAsync(runId, tags, cancellationToken);

    /// <summary>Deletes a tag.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="key">The tag key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the tag existed.</returns>
    public ValueTask<bool> DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        _data.DeleteTagAsync(runId, key, cancellationToken);

    /// <summary>Records something a run read (a dataset commit, a feature service, a model version) for lineage queries.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="input">The lineage reference.</param>
    /// <param name="usage">What it was used for (a key such as <c>training</c>), or null.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the input is stored.</returns>
    public ValueTask LogInputAsync(string runId, LineageReference input, string? usage = null, CancellationToken cancellationToken = default) =>
        _data.LogInputsAsync(runId, [input], usage, cancellationToken);

    /// <summary>
    /// Marks RUNNING runs whose process stopped sending heartbeats KILLED, with their last heartbeat as end time.
    /// </summary>
    /// <param name="timeout">How old the last heartbeat must be; null means <see cref="TrackingOptions.DeadRunTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>The ids of the runs marked KILLED.</returns>
    /// <exception cref="ValidationException">The timeout is negative.</exception>
    public ValueTask<IReadOnlyList<string>> SweepDeadRunsAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var age = timeout ?? _context.Options.DeadRunTimeout;
        if (age < TimeSpan.Zero)
        {
            throw new ValidationException($"The sweep timeout is {age}; it cannot be negative.");
        }

        return _lifecycle.SweepAsync(age, cancellationToken);
    }

    /// <summary>
    /// Imports finished runs in bulk, with their params, tags, metric histories and inputs, in chunks of
    /// 1,000 runs per transaction (binary COPY on PostgreSQL). Use it to migrate from another tracker.
    /// </summary>
    /// <param name="experiment">The experiment to import into (created when missing).</param>
    /// <param name="runs">The runs.</param>
    /// <param name="cancellationToken">Cancels the import; chunks already committed stay.</param>
    /// <returns>The new run ids, in input order.</returns>
    /// <exception cref="ValidationException">A run, key or value is invalid (nothing of its chunk is written).</exception>
    /// <exception cref="ConflictException">The experiment is deleted.</exception>
    public ValueTask<IReadOnlyList<string>> ImportAsync(string experiment, IEnumerable<RunImport> runs, CancellationToken cancellationToken = default) =>
        new Import.RunImporter(_context).ImportAsync(experiment, runs, cancellationToken);

    internal ValueTask<int> HeartbeatAsync(long runSeq, CancellationToken cancellationToken) => _lifecycle.HeartbeatAsync(runSeq, cancellationToken);
}
