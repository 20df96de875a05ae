using MLOps.Lineage;
using MLOps.Storage.Sql;
using MLOps.Tracking.Registry;
using MLOps.Tracking.Schema;

namespace MLOps.Tracking;

/// <summary>
/// The model registry: registered models (name, description, tags), versions numbered automatically
/// (source run, artifact hash, signature, status, tags) and aliases such as <c>champion</c> (unique per
/// model, moved atomically, every move kept with time, user, from and to). Reached through
/// <see cref="TrackingStore.Models"/>. Thread-safe; safe across processes.
/// </summary>
public sealed class ModelRegistry
{
    private readonly TrackingContext _context;
    private readonly ModelRows _rows;
    private readonly VersionRegistrar _registrar;
    private readonly AliasStore _aliases;

    internal ModelRegistry(TrackingContext context)
    {
        _context = context;
        _rows = new ModelRows(context);
        _registrar = new VersionRegistrar(context, _rows);
        _aliases = new AliasStore(context, _rows);
    }

    /// <summary>Creates a registered model.</summary>
    /// <param name="name">The name: 1 to 128 ASCII letters, digits, '_', '-', '.'.</param>
    /// <param name="description">A description, or null.</param>
    /// <param name="tags">Tags, or null.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ValidationException">The name, description or a tag is invalid.</exception>
    /// <exception cref="ConflictException">The model already exists.</exception>
    public async ValueTask<RegisteredModel> CreateModelAsync(string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        TrackingNames.ModelName(name);
        TrackingNames.Description(description, $"model '{name}'");
        var checkedTags = VersionRegistrar.CheckTags(tags);
        var t = _context.Tables;
        try
        {
            return await _context.Database.WriteAsync(
                async (connection, transaction, ct) =>
                {
                    if (await _rows.FindModelAsync(connection, transaction, name, ct).ConfigureAwait(false) is not null)
                    {
                        throw new ConflictException($"Registered model '{name}' already exists.");
                    }

                    var now = _context.Now();
                    await connection.ExecuteAsync(
                        $"INSERT INTO {t.Models} (name, description, created_at, updated_at, last_version) VALUES (@name, @description, @now, @now, 0)",
                        transaction,
                        ct,
                        ("name", name),
                        ("description", description),
                        ("now", now)).ConfigureAwait(false);
                    foreach (var (key, value) in checkedTags)
                    {
                        await connection.ExecuteAsync($"INSERT INTO {t.ModelTags} (model_name, key, value) VALUES (@name, @key, @value)", transaction, ct, ("name", name), ("key", key), ("value", value)).ConfigureAwait(false);
                    }

                    return await _rows.RequireModelAsync(connection, transaction, name, ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_context.Dialect.IsUniqueViolation(e))
        {
            throw new ConflictException($"Registered model '{name}' already exists (created concurrently).", e);
        }
    }

    /// <summary>Gets a registered model with its tags and aliases.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The model.</returns>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    public ValueTask<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync((c, ct) => _rows.RequireModelAsync(c, null, name, ct), cancellationToken);

    /// <summary>Lists registered models by name.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The models.</returns>
    public ValueTask<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync((c, ct) => _rows.ReadModelsAsync(c, null, null, ct), cancellationToken);

    /// <summary>Replaces a model's description.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="description">The description, or null for none.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    public ValueTask UpdateModelDescriptionAsync(string name, string? description, CancellationToken cancellationToken = default)
    {
        TrackingNames.Description(description, $"model '{name}'");
        return _context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await _rows.RequireModelAsync(connection, transaction, name, ct).ConfigureAwait(false);
                await connection.ExecuteAsync($"UPDATE {_context.Tables.Models} SET description = @description, updated_at = @now WHERE name = @name", transaction, ct, ("description", description), ("now", _context.Now()), ("name", name)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <summary>Sets (or replaces) a model tag.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    /// <exception cref="ValidationException">The key or value is invalid.</exception>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    public ValueTask SetModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default)
    {
        TrackingNames.Key(key, "model tag");
        TrackingNames.TagValue(value, key);
        var upsert = _context.Dialect.Upsert(_context.Tables.ModelTags, ["model_name", "key", "value"], ["model_name", "key"], ["value"]);
        return _context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await _rows.RequireModelAsync(connection, transaction, name, ct).ConfigureAwait(false);
                await connection.ExecuteAsync(upsert, transaction, ct, ("model_name", name), ("key", key), ("value", value)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <summary>Registers a new version of a model from a run's artifact; the model is created when missing.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="runId">The run that produced the model.</param>
    /// <param name="artifactPath">The model file's artifact path in that run.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new version (numbered one past the latest).</returns>
    /// <exception cref="NotFoundException">The run or its artifact does not exist.</exception>
    public ValueTask<ModelVersion> RegisterVersionAsync(string name, string runId, string artifactPath, CancellationToken cancellationToken = default) =>
        _registrar.RegisterAsync(name, new ModelVersionRegistration { RunId = runId, ArtifactPath = artifactPath }, cancellationToken);

    /// <summary>Registers a new version of a model; the model is created when missing.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="registration">The source run, artifact, signature, description, tags and status.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new version (numbered one past the latest).</returns>
    /// <exception cref="ValidationException">The name, signature, a tag or the description is invalid.</exception>
    /// <exception cref="NotFoundException">The run, its artifact or the blob does not exist.</exception>
    /// <exception cref="ConflictException">The given hash differs from the run artifact's hash.</exception>
    public ValueTask<ModelVersion> RegisterVersionAsync(string name, ModelVersionRegistration registration, CancellationToken cancellationToken = default) =>
        _registrar.RegisterAsync(name, registration, cancellationToken);

    /// <summary>Gets a version.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version.</returns>
    /// <exception cref="NotFoundException">The model or version does not exist.</exception>
    public ValueTask<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync((c, ct) => _rows.RequireVersionAsync(c, null, name, version, ct), cancellationToken);

    /// <summary>Lists a model's versions in number order.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The versions.</returns>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    public ValueTask<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync(
            async (c, ct) =>
            {
                await _rows.RequireModelAsync(c, null, name, ct).ConfigureAwait(false);
                return await _rows.ReadVersionsAsync(c, null, "v.model_name = @name", [("name", name)], ct).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Gets the version an alias points to.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="alias">The alias, such as <c>champion</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version.</returns>
    /// <exception cref="NotFoundException">The model or alias does not exist.</exception>
    public ValueTask<ModelVersion> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync(
            async (c, ct) =>
            {
                var model = await _rows.RequireModelAsync(c, null, name, ct).ConfigureAwait(false);
                return model.Aliases.TryGetValue(alias, out var version)
                    ? await _rows.RequireVersionAsync(c, null, name, version, ct).ConfigureAwait(false)
                    : throw new NotFoundException($"Model '{name}' has no alias '{TrackingNames.Shorten(alias ?? string.Empty)}'.");
            },
            cancellationToken);

    /// <summary>Resolves <c>model:NAME/VERSION</c> or <c>model:NAME@ALIAS</c> to a version.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version.</returns>
    /// <exception cref="ValidationException">The reference is not a model reference.</exception>
    /// <exception cref="NotFoundException">The model, version or alias does not exist.</exception>
    public ValueTask<ModelVersion> ResolveAsync(LineageReference reference, CancellationToken cancellationToken = default) => reference switch
    {
        ModelVersionReference v => GetVersionAsync(v.Name, v.Version, cancellationToken),
        ModelAliasReference a => GetVersionByAliasAsync(a.Name, a.Alias, cancellationToken),
        null => throw new ArgumentNullException(nameof(reference)),
        _ => throw new ValidationException($"'{reference}' is not a model reference; use model:NAME/VERSION or model:NAME@ALIAS."),
    };

    /// <summary>Changes a version's status.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="status">The new status.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    /// <exception cref="NotFoundException">The model or version does not exist.</exception>
    public ValueTask SetVersionStatusAsync(string name, int version, ModelVersionStatus status, CancellationToken cancellationToken = default) =>
        UpdateVersionAsync(name, version, "status = @value", ModelRows.StatusName(status), cancellationToken);

    /// <summary>Replaces a version's description.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="description">The description, or null.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    /// <exception cref="NotFoundException">The model or version does not exist.</exception>
    public ValueTask UpdateVersionDescriptionAsync(string name, int version, string? description, CancellationToken cancellationToken = default) =>
        UpdateVersionAsync(name, version, "description = @value", TrackingNames.Description(description, $"model '{name}' version {version}"), cancellationToken);

    /// <summary>Sets (or replaces) a version tag.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    /// <exception cref="ValidationException">The key or value is invalid.</exception>
    /// <exception cref="NotFoundException">The model or version does not exist.</exception>
    public ValueTask SetVersionTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken = default)
    {
        TrackingNames.Key(key, "model version tag");
        TrackingNames.TagValue(value, key);
        var upsert = _context.Dialect.Upsert(_context.Tables.VersionTags, ["model_name", "version", "key", "value"], ["model_name", "version", "key"], ["value"]);
        return _context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await _rows.RequireVersionAsync(connection, transaction, name, version, ct).ConfigureAwait(false);
                await connection.ExecuteAsync(upsert, transaction, ct, ("model_name", name), ("version", (long)version), ("key", key), ("value", value)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <summary>
    /// Points an alias at a version, atomically, and records the move (time, user, from, to). Pointing it
    /// where it already points changes and records nothing (the result has equal from and to).
    /// </summary>
    /// <param name="name">The model name.</param>
    /// <param name="alias">The alias: a NAME that is not all digits (so it cannot be read as a version).</param>
    /// <param name="version">The version.</param>
    /// <param name="user">Who moves it; null means <see cref="TrackingOptions.User"/> or the OS user.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The move.</returns>
    /// <exception cref="ValidationException">The alias is invalid or looks like a version.</exception>
    /// <exception cref="NotFoundException">The model or version does not exist.</exception>
    public ValueTask<AliasChange> SetAliasAsync(string name, string alias, int version, string? user = null, CancellationToken cancellationToken = default) =>
        _aliases.SetAsync(name, alias, version, user, cancellationToken);

    /// <summary>Removes an alias and records the removal.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="user">Who removes it; null means <see cref="TrackingOptions.User"/> or the OS user.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The change (to is null).</returns>
    /// <exception cref="NotFoundException">The model or alias does not exist.</exception>
    public ValueTask<AliasChange> DeleteAliasAsync(string name, string alias, string? user = null, CancellationToken cancellationToken = default) =>
        _aliases.DeleteAsync(name, alias, user, cancellationToken);

    /// <summary>Reads the audit history of a model's aliases, oldest first.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="alias">One alias, or null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Every move.</returns>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    public ValueTask<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string name, string? alias = null, CancellationToken cancellationToken = default) =>
        _aliases.HistoryAsync(name, alias, cancellationToken);

    private ValueTask UpdateVersionAsync(string name, int version, string assignment, object? value, CancellationToken cancellationToken) =>
        _context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await _rows.RequireVersionAsync(connection, transaction, name, version, ct).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    $"UPDATE {_context.Tables.Versions} SET {assignment}, updated_at = @now WHERE model_name = @name AND version = @version",
                    transaction,
                    ct,
                    ("value", value),
                    ("now", _context.Now()),
                    ("name", name),
                    ("version", (long)version)).ConfigureAwait(false);
            },
            cancellationToken);
}
