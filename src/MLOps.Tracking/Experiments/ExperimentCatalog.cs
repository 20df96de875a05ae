using MLOps.Storage.Sql;
using MLOps.Tracking.Experiments;
using MLOps.Tracking.Schema;

namespace MLOps.Tracking;

/// <summary>
/// Experiments: named groups of runs, created explicitly or on the first run, tagged, soft-deleted and
/// restored. Reached through <see cref="TrackingStore.Experiments"/>. Thread-safe.
/// </summary>
public sealed class ExperimentCatalog
{
    private readonly TrackingContext _context;

    internal ExperimentCatalog(TrackingContext context) => _context = context;

    /// <summary>Creates an experiment.</summary>
    /// <param name="name">The unique name: 1 to 256 characters without control characters.</param>
    /// <param name="tags">Tags to set, or null.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new experiment.</returns>
    /// <exception cref="ValidationException">The name or a tag is invalid.</exception>
    /// <exception cref="ConflictException">An experiment (active or deleted) already has the name.</exception>
    public async ValueTask<Experiment> CreateAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        TrackingNames.Name(name, "experiment name");
        var checkedTags = CheckTags(tags);
        try
        {
            return await CreateCoreAsync(name, checkedTags, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_context.Dialect.IsUniqueViolation(e))
        {
            throw new ConflictException($"Experiment '{name}' already exists (created concurrently).", e);
        }
    }

    private async ValueTask<Experiment> CreateCoreAsync(string name, List<KeyValuePair<string, string>> checkedTags, CancellationToken cancellationToken)
    {
        var t = _context.Tables;
        return await _context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var existing = await ExperimentRows.ReadAsync(_context, connection, transaction, "WHERE name = @name", ct, ("name", name)).ConfigureAwait(false);
                if (existing.Count > 0)
                {
                    throw new ConflictException($"Experiment '{name}' already exists{(existing[0].IsDeleted ? " (deleted; restore it instead)" : string.Empty)}.");
                }

                var now = _context.Now();
                var id = await connection.ScalarAsync<long>(
                    $"INSERT INTO {t.Experiments} (name, created_at, updated_at) VALUES (@name, @now, @now) RETURNING experiment_id",
                    transaction,
                    ct,
                    ("name", name),
                    ("now", now)).ConfigureAwait(false);
                foreach (var (key, value) in checkedTags)
                {
                    await connection.ExecuteAsync($"INSERT INTO {t.ExperimentTags} (experiment_id, key, value) VALUES (@id, @key, @value)", transaction, ct, ("id", id), ("key", key), ("value", value)).ConfigureAwait(false);
                }

                return (await ExperimentRows.ReadAsync(_context, connection, transaction, "WHERE experiment_id = @id", ct, ("id", id)).ConfigureAwait(false))[0];
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets an experiment by name, creating it when missing.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The experiment.</returns>
    /// <exception cref="ValidationException">The name is invalid.</exception>
    /// <exception cref="ConflictException">The experiment exists but is deleted.</exception>
    public async ValueTask<Experiment> GetOrCreateAsync(string name, CancellationToken cancellationToken = default)
    {
        TrackingNames.Name(name, "experiment name");
        return await _context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var id = await ExperimentRows.GetOrCreateActiveAsync(_context, connection, transaction, name, ct).ConfigureAwait(false);
                return (await ExperimentRows.ReadAsync(_context, connection, transaction, "WHERE experiment_id = @id", ct, ("id", id)).ConfigureAwait(false))[0];
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets an experiment (active or deleted) by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The experiment.</returns>
    /// <exception cref="NotFoundException">No experiment has the name.</exception>
    public async ValueTask<Experiment> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var found = await _context.Database.ReadAsync((c, ct) => ExperimentRows.ReadAsync(_context, c, null, "WHERE name = @name", ct, ("name", name)), cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : throw new NotFoundException($"Experiment '{TrackingNames.Shorten(name)}' does not exist in {_context.Database.Description}.");
    }

    /// <summary>Gets an experiment (active or deleted) by id.</summary>
    /// <param name="id">The experiment id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The experiment.</returns>
    /// <exception cref="NotFoundException">No experiment has the id.</exception>
    public async ValueTask<Experiment> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var found = await _context.Database.ReadAsync((c, ct) => ExperimentRows.ReadAsync(_context, c, null, "WHERE experiment_id = @id", ct, ("id", id)), cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : throw new NotFoundException($"Experiment {id} does not exist in {_context.Database.Description}.");
    }

    /// <summary>Lists experiments by name.</summary>
    /// <param name="includeDeleted">Whether to include soft-deleted experiments.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The experiments in name order.</returns>
    public ValueTask<IReadOnlyList<Experiment>> ListAsync(bool includeDeleted = false, CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync(
            (c, ct) => ExperimentRows.ReadAsync(_context, c, null, (includeDeleted ? string.Empty : "WHERE deleted_at IS NULL ") + "ORDER BY name", ct),
            cancellationToken);

    /// <summary>Sets (or replaces) a tag on an experiment.</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The tag value, at most 8,000 characters.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the tag is stored.</returns>
    /// <exception cref="ValidationException">The key or value is invalid.</exception>
    /// <exception cref="NotFoundException">The experiment does not exist.</exception>
    public async ValueTask SetTagAsync(string name, string key, string value, CancellationToken cancellationToken = default)
    {
        TrackingNames.Key(key, "experiment tag");
        TrackingNames.TagValue(value, key);
        var upsert = _context.Dialect.Upsert(_context.Tables.ExperimentTags, ["experiment_id", "key", "value"], ["experiment_id", "key"], ["value"]);
        await _context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var id = await RequireAsync(connection, transaction, name, ct).ConfigureAwait(false);
                await connection.ExecuteAsync(upsert, transaction, ct, ("experiment_id", id), ("key", key), ("value", value)).ConfigureAwait(false);
                await TouchAsync(connection, transaction, id, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Soft-deletes an experiment: it is hidden from listings and no run can start in it until restored. Its runs are kept.</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the experiment is marked deleted (a no-op when it already is).</returns>
    /// <exception cref="NotFoundException">The experiment does not exist.</exception>
    public ValueTask DeleteAsync(string name, CancellationToken cancellationToken = default) => SetDeletedAsync(name, deleted: true, cancellationToken);

    /// <summary>Restores a soft-deleted experiment.</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the experiment is active (a no-op when it already is).</returns>
    /// <exception cref="NotFoundException">The experiment does not exist.</exception>
    public ValueTask RestoreAsync(string name, CancellationToken cancellationToken = default) => SetDeletedAsync(name, deleted: false, cancellationToken);

    private async ValueTask SetDeletedAsync(string name, bool deleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var t = _context.Tables;
        await _context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var id = await RequireAsync(connection, transaction, name, ct).ConfigureAwait(false);
                var now = _context.Now();
                var sql = deleted
                    ? $"UPDATE {t.Experiments} SET deleted_at = @now, updated_at = @now WHERE experiment_id = @id AND deleted_at IS NULL"
                    : $"UPDATE {t.Experiments} SET deleted_at = NULL, updated_at = @now WHERE experiment_id = @id AND deleted_at IS NOT NULL";
                await connection.ExecuteAsync(sql, transaction, ct, ("id", id), ("now", now)).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<long> RequireAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string name, CancellationToken cancellationToken) =>
        await connection.ScalarAsync<long?>($"SELECT experiment_id FROM {_context.Tables.Experiments} WHERE name = @name", transaction, cancellationToken, ("name", name)).ConfigureAwait(false)
        ?? throw new NotFoundException($"Experiment '{TrackingNames.Shorten(name)}' does not exist in {_context.Database.Description}.");

    private ValueTask<int> TouchAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long id, CancellationToken cancellationToken) =>
        connection.ExecuteAsync($"UPDATE {_context.Tables.Experiments} SET updated_at = @now WHERE experiment_id = @id", transaction, cancellationToken, ("id", id), ("now", _context.Now()));

    private static List<KeyValuePair<string, string>> CheckTags(IReadOnlyDictionary<string, string>? tags)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in tags ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            list.Add(new(TrackingNames.Key(key, "experiment tag"), TrackingNames.TagValue(value, key)));
        }

        return list;
    }
}
