using System.Data.Common;
using MLOps.Storage;
using MLOps.Storage.Sql;

namespace MLOps.Drift;

/// <summary>
/// Keeps reference profiles in a workspace: the content in the blob store (content-addressed, so an
/// unchanged profile is stored once), a versioned row per name in the <c>drift</c> module's table.
/// Compute a profile once, save it, and let every window and every process load it.
/// </summary>
/// <remarks>Thread-safe; several processes may share the workspace.</remarks>
/// <example>
/// <code>
/// var store = await ReferenceProfileStore.OpenAsync(workspace);
/// await store.SaveAsync("churn-features", ReferenceProfile.Create(reference));
/// ReferenceProfile profile = await store.LoadAsync("churn-features");
/// </code>
/// </example>
public sealed class ReferenceProfileStore
{
    private readonly MLOpsWorkspace _workspace;
    private readonly string _table;

    private ReferenceProfileStore(MLOpsWorkspace workspace)
    {
        _workspace = workspace;
        _table = DriftMigrations.ProfilesTable(workspace.Dialect);
    }

    /// <summary>Opens the store, creating the drift module's table on first use.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <returns>The store.</returns>
    public static async ValueTask<ReferenceProfileStore> OpenAsync(MLOpsWorkspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        await workspace.MigrateAsync(DriftMigrations.Instance, cancellationToken).ConfigureAwait(false);
        return new ReferenceProfileStore(workspace);
    }

    /// <summary>Stores a new version of a named profile.</summary>
    /// <param name="name">The profile's name: not empty, at most 200 characters.</param>
    /// <param name="profile">The profile.</param>
    /// <param name="cancellationToken">Cancels the write; nothing partial is visible.</param>
    /// <returns>The stored version.</returns>
    /// <exception cref="ValidationException">The name is empty or too long.</exception>
    public async ValueTask<StoredProfile> SaveAsync(string name, ReferenceProfile profile, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(profile);
        BlobInfo blob = await _workspace.Blobs.PutAsync(ReferenceProfileSerializer.Serialize(profile), cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = _workspace.TimeProvider.GetUtcNow();
        long micros = (now - DateTimeOffset.UnixEpoch).Ticks / 10;
        long version = await _workspace.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                object? last = await connection.ScalarAsync<object>($"SELECT MAX(version) FROM {_table} WHERE name = @name", transaction, ct, ("name", name)).ConfigureAwait(false);
                long next = last is null or DBNull ? 1 : Convert.ToInt64(last, System.Globalization.CultureInfo.InvariantCulture) + 1;
                await connection.ExecuteAsync(
                    $"INSERT INTO {_table} (name, version, blob_hash, row_count, column_count, created_at) VALUES (@name, @version, @hash, @rows, @columns, @created)",
                    transaction,
                    ct,
                    ("name", name),
                    ("version", next),
                    ("hash", blob.Hash.ToString()),
                    ("rows", profile.RowCount),
                    ("columns", (long)profile.Columns.Count),
                    ("created", micros)).ConfigureAwait(false);
                return next;
            },
            cancellationToken).ConfigureAwait(false);
        return new StoredProfile(name, version, blob.Hash, profile.RowCount, profile.Columns.Count, DateTimeOffset.UnixEpoch.AddTicks(micros * 10));
    }

    /// <summary>Loads a named profile: the latest version, or the one asked for.</summary>
    /// <param name="name">The profile's name.</param>
    /// <param name="version">The version; the latest when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="NotFoundException">No such profile or version.</exception>
    /// <exception cref="CorruptException">The stored content is damaged.</exception>
    public async ValueTask<ReferenceProfile> LoadAsync(string name, long? version = null, CancellationToken cancellationToken = default)
    {
        StoredProfile stored = await GetAsync(name, version, cancellationToken).ConfigureAwait(false);
        byte[] content = await _workspace.Blobs.ReadAllBytesAsync(stored.BlobHash, cancellationToken).ConfigureAwait(false);
        return ReferenceProfileSerializer.Deserialize(content, $"Profile '{name}' version {stored.Version} (blob {stored.BlobHash})");
    }

    /// <summary>Describes a stored profile version without loading its content.</summary>
    /// <param name="name">The profile's name.</param>
    /// <param name="version">The version; the latest when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored version.</returns>
    /// <exception cref="NotFoundException">No such profile or version.</exception>
    public async ValueTask<StoredProfile> GetAsync(string name, long? version = null, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        IReadOnlyList<StoredProfile> rows = await QueryAsync(
            version is null
                ? $"SELECT name, version, blob_hash, row_count, column_count, created_at FROM {_table} WHERE name = @name ORDER BY version DESC LIMIT 1"
                : $"SELECT name, version, blob_hash, row_count, column_count, created_at FROM {_table} WHERE name = @name AND version = @version",
            cancellationToken,
            ("name", name),
            ("version", version ?? 0)).ConfigureAwait(false);
        return rows.Count > 0
            ? rows[0]
            : throw new NotFoundException(version is null ? $"There is no reference profile named '{name}'." : $"Reference profile '{name}' has no version {version}.");
    }

    /// <summary>Lists every stored profile version, by name then version.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The versions.</returns>
    public ValueTask<IReadOnlyList<StoredProfile>> ListAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT name, version, blob_hash, row_count, column_count, created_at FROM {_table} ORDER BY name, version", cancellationToken);

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new ValidationException($"A profile name must be 1 to 200 characters and not blank; '{name}' is not.");
        }
    }

    private async ValueTask<IReadOnlyList<StoredProfile>> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await _workspace.Database.ReadAsync<IReadOnlyList<StoredProfile>>(
            async (connection, ct) =>
            {
                await using DbCommand command = connection.CreateCommand(sql, null, parameters);
                await using DbDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var list = new List<StoredProfile>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    list.Add(new StoredProfile(
                        reader.GetString(0),
                        reader.GetInt64(1),
                        ContentHash.Parse(reader.GetString(2)),
                        reader.GetInt64(3),
                        (int)reader.GetInt64(4),
                        DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(5) * 10)));
                }

                return list;
            },
            cancellationToken).ConfigureAwait(false);
}
