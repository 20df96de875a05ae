using System.Data.Common;
using MLOps.Storage.Sql;
using MLOps.Tracking.Runs;
using MLOps.Tracking.Schema;

namespace MLOps.Tracking.Registry;

/// <summary>Registers versions: checks the source run and artifact, numbers the version under the model row's lock, stores it.</summary>
internal sealed class VersionRegistrar(TrackingContext context, ModelRows rows)
{
    public async ValueTask<ModelVersion> RegisterAsync(string modelName, ModelVersionRegistration registration, CancellationToken cancellationToken)
    {
        TrackingNames.ModelName(modelName);
        ArgumentNullException.ThrowIfNull(registration);
        var statusName = ModelRows.StatusName(registration.Status);
        registration.Signature?.Validate(modelName);
        TrackingNames.Description(registration.Description, $"model '{modelName}'");
        var tags = CheckTags(registration.Tags);
        if (registration.ArtifactPath is not null && registration.RunId is null)
        {
            throw new ValidationException($"Model '{modelName}': ModelVersionRegistration.ArtifactPath '{registration.ArtifactPath}' needs the RunId whose artifact it is.");
        }

        var signature = registration.Signature is null ? null : RegistryJson.Serialize(registration.Signature);
        long? explicitSize = null;
        if (registration.ArtifactHash is { } hash)
        {
            explicitSize = await context.Workspace.Blobs.GetSizeAsync(hash, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException($"Model '{modelName}': ModelVersionRegistration.ArtifactHash {hash} is not in the workspace's blob store.");
        }

        var t = context.Tables;
        return await context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var (hashText, size) = await ResolveArtifactAsync(connection, transaction, modelName, registration, explicitSize, ct).ConfigureAwait(false);
                var now = context.Now();
                await connection.ExecuteAsync(
                    $"INSERT INTO {t.Models} (name, created_at, updated_at, last_version) VALUES (@name, @now, @now, 0) ON CONFLICT (name) DO NOTHING",
                    transaction,
                    ct,
                    ("name", modelName),
                    ("now", now)).ConfigureAwait(false);

                // The update takes the model row's lock (PostgreSQL) or runs under the write lock
                // (SQLite), so concurrent registrations get consecutive numbers.
                var version = await connection.ScalarAsync<long>(
                    $"UPDATE {t.Models} SET last_version = last_version + 1, updated_at = @now WHERE name = @name RETURNING last_version",
                    transaction,
                    ct,
                    ("name", modelName),
                    ("now", now)).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    $"INSERT INTO {t.Versions} (model_name, version, run_id, artifact_path, artifact_hash, artifact_size, signature, status, description, created_at, created_by, updated_at) " +
                    "VALUES (@name, @version, @run_id, @path, @hash, @size, @signature, @status, @description, @now, @user, @now)",
                    transaction,
                    ct,
                    ("name", modelName),
                    ("version", version),
                    ("run_id", registration.RunId),
                    ("path", registration.ArtifactPath),
                    ("hash", hashText),
                    ("size", size),
                    ("signature", signature),
                    ("status", statusName),
                    ("description", registration.Description),
                    ("now", now),
                    ("user", context.User)).ConfigureAwait(false);
                foreach (var (key, value) in tags)
                {
                    await connection.ExecuteAsync(
                        $"INSERT INTO {t.VersionTags} (model_name, version, key, value) VALUES (@name, @version, @key, @value)",
                        transaction,
                        ct,
                        ("name", modelName),
                        ("version", version),
                        ("key", key),
                        ("value", value)).ConfigureAwait(false);
                }

                return await rows.RequireVersionAsync(connection, transaction, modelName, (int)version, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public static List<KeyValuePair<string, string>> CheckTags(IReadOnlyDictionary<string, string>? tags)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in tags ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            list.Add(new(TrackingNames.Key(key, "model version tag"), TrackingNames.TagValue(value, key)));
        }

        return list;
    }

    private async ValueTask<(string? Hash, long? Size)> ResolveArtifactAsync(
        DbConnection connection, DbTransaction transaction, string modelName, ModelVersionRegistration registration, long? explicitSize, CancellationToken cancellationToken)
    {
        var hash = registration.ArtifactHash?.ToString();
        if (registration.RunId is null)
        {
            return (hash, explicitSize);
        }

        var run = await RunRow.RequireAsync(context, connection, transaction, registration.RunId, cancellationToken).ConfigureAwait(false);
        if (registration.ArtifactPath is null)
        {
            return (hash, explicitSize);
        }

        Artifacts.ArtifactPaths.Check(registration.ArtifactPath);
        await using var command = connection.CreateCommand(
            $"SELECT hash, size FROM {context.Tables.Artifacts} WHERE run_seq = @seq AND path = @path", transaction, ("seq", run.Seq), ("path", registration.ArtifactPath));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new NotFoundException($"Model '{modelName}': run '{registration.RunId}' has no artifact '{registration.ArtifactPath}'.");
        }

        var artifactHash = reader.GetString(0);
        if (hash is not null && !string.Equals(hash, artifactHash, StringComparison.Ordinal))
        {
            throw new ConflictException(
                $"Model '{modelName}': ModelVersionRegistration.ArtifactHash {hash} differs from the hash {artifactHash} of artifact '{registration.ArtifactPath}' of run '{registration.RunId}'.");
        }

        return (artifactHash, Sql.ReaderExtensions.Int64(reader, 1));
    }
}
