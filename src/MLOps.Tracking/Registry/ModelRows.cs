using System.Data.Common;
using MLOps.Storage.Sql;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking.Registry;

/// <summary>Reads registered models and versions with their tags and aliases.</summary>
internal sealed class ModelRows(TrackingContext context)
{
    private const string VersionColumns =
        "model_name, version, run_id, artifact_path, artifact_hash, artifact_size, signature, status, description, created_at, created_by, updated_at";

    public static string StatusName(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.Pending => "PENDING",
        ModelVersionStatus.Ready => "READY",
        ModelVersionStatus.Failed => "FAILED",
        ModelVersionStatus.Archived => "ARCHIVED",
        _ => throw new ValidationException($"Model version status {(int)status} is not one of Pending, Ready, Failed, Archived."),
    };

    public async ValueTask<RegisteredModel?> FindModelAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        var list = await ReadModelsAsync(connection, transaction, name, cancellationToken).ConfigureAwait(false);
        return list.Count > 0 ? list[0] : null;
    }

    public async ValueTask<RegisteredModel> RequireModelAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken) =>
        await FindModelAsync(connection, transaction, name, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"Registered model '{TrackingNames.Shorten(name ?? string.Empty)}' does not exist in {context.Database.Description}.");

    /// <summary>Reads one model (by name) or all of them (name null), in name order.</summary>
    public async ValueTask<IReadOnlyList<RegisteredModel>> ReadModelsAsync(DbConnection connection, DbTransaction? transaction, string? name, CancellationToken cancellationToken)
    {
        var t = context.Tables;
        var where = name is null ? string.Empty : " WHERE name = @name";
        var where2 = name is null ? string.Empty : " WHERE model_name = @name";
        var parameters = name is null ? Array.Empty<(string, object?)>() : [("name", name)];
        var rows = new List<(string Name, string? Description, long Created, long Updated, long Last)>();
        await ForEachAsync(connection, transaction, $"SELECT name, description, created_at, updated_at, last_version FROM {t.Models}{where} ORDER BY name", parameters, r =>
            rows.Add((r.GetString(0), r.NullableString(1), r.Int64(2), r.Int64(3), r.Int64(4))), cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        await ForEachAsync(connection, transaction, $"SELECT model_name, key, value FROM {t.ModelTags}{where2}", parameters, r =>
            Map(tags, r.GetString(0))[r.GetString(1)] = r.GetString(2), cancellationToken).ConfigureAwait(false);
        var aliases = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        await ForEachAsync(connection, transaction, $"SELECT model_name, alias, version FROM {t.Aliases}{where2}", parameters, r =>
            Map(aliases, r.GetString(0))[r.GetString(1)] = (int)r.Int64(2), cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(r => new RegisteredModel(
            r.Name,
            r.Description,
            Micros.ToTime(r.Created),
            Micros.ToTime(r.Updated),
            r.Last == 0 ? null : (int)r.Last,
            tags.GetValueOrDefault(r.Name) ?? new Dictionary<string, string>(StringComparer.Ordinal),
            aliases.GetValueOrDefault(r.Name) ?? new Dictionary<string, int>(StringComparer.Ordinal)));
    }

    /// <summary>Reads versions of a model matching a condition over the versions table aliased <c>v</c>.</summary>
    public async ValueTask<IReadOnlyList<ModelVersion>> ReadVersionsAsync(DbConnection connection, DbTransaction? transaction, string where, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        var t = context.Tables;
        var versions = new List<ModelVersion>();
        await ForEachAsync(connection, transaction, $"SELECT {Prefixed("v", VersionColumns)} FROM {t.Versions} v WHERE {where} ORDER BY v.model_name, v.version", parameters, r =>
            versions.Add(ReadVersion(r)), cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            return versions;
        }

        var tags = new Dictionary<(string, int), Dictionary<string, string>>();
        var aliases = new Dictionary<(string, int), List<string>>();
        await ForEachAsync(connection, transaction, $"SELECT x.model_name, x.version, x.key, x.value FROM {t.VersionTags} x JOIN {t.Versions} v ON v.model_name = x.model_name AND v.version = x.version WHERE {where}", parameters, r =>
        {
            var key = (r.GetString(0), (int)r.Int64(1));
            if (!tags.TryGetValue(key, out var map))
            {
                tags[key] = map = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            map[r.GetString(2)] = r.GetString(3);
        }, cancellationToken).ConfigureAwait(false);
        await ForEachAsync(connection, transaction, $"SELECT a.model_name, a.version, a.alias FROM {t.Aliases} a JOIN {t.Versions} v ON v.model_name = a.model_name AND v.version = a.version WHERE {where} ORDER BY a.alias", parameters, r =>
        {
            var key = (r.GetString(0), (int)r.Int64(1));
            if (!aliases.TryGetValue(key, out var list))
            {
                aliases[key] = list = [];
            }

            list.Add(r.GetString(2));
        }, cancellationToken).ConfigureAwait(false);
        return versions.ConvertAll(v => v with
        {
            Tags = tags.GetValueOrDefault((v.ModelName, v.Version)) ?? new Dictionary<string, string>(StringComparer.Ordinal),
            Aliases = aliases.GetValueOrDefault((v.ModelName, v.Version)) ?? [],
        });
    }

    public async ValueTask<ModelVersion> RequireVersionAsync(DbConnection connection, DbTransaction? transaction, string name, int version, CancellationToken cancellationToken)
    {
        var found = await ReadVersionsAsync(connection, transaction, "v.model_name = @name AND v.version = @version", [("name", name), ("version", (long)version)], cancellationToken).ConfigureAwait(false);
        if (found.Count > 0)
        {
            return found[0];
        }

        await RequireModelAsync(connection, transaction, name, cancellationToken).ConfigureAwait(false);
        throw new NotFoundException($"Model '{name}' has no version {version}.");
    }

    private static ModelVersion ReadVersion(DbDataReader r)
    {
        var name = r.GetString(0);
        var version = (int)r.Int64(1);
        return new ModelVersion
        {
            ModelName = name,
            Version = version,
            RunId = r.NullableString(2),
            ArtifactPath = r.NullableString(3),
            ArtifactHash = r.NullableString(4) is { } hash ? ContentHash.Parse(hash) : null,
            ArtifactSize = r.NullableInt64(5),
            Signature = r.NullableString(6) is { } json ? RegistryJson.Deserialize(json, $"model '{name}' version {version}") : null,
            Status = r.GetString(7) switch
            {
                "PENDING" => ModelVersionStatus.Pending,
                "READY" => ModelVersionStatus.Ready,
                "FAILED" => ModelVersionStatus.Failed,
                "ARCHIVED" => ModelVersionStatus.Archived,
                var other => throw new CorruptException($"Model '{name}' version {version} has unknown stored status '{other}'."),
            },
            Description = r.NullableString(8),
            CreatedAt = Micros.ToTime(r.Int64(9)),
            CreatedBy = r.NullableString(10),
            UpdatedAt = Micros.ToTime(r.Int64(11)),
            Tags = new Dictionary<string, string>(StringComparer.Ordinal),
            Aliases = [],
        };
    }

    private static string Prefixed(string alias, string columns) => string.Join(", ", columns.Split(", ").Select(c => alias + "." + c));

    private static Dictionary<string, TValue> Map<TValue>(Dictionary<string, Dictionary<string, TValue>> maps, string key)
    {
        if (!maps.TryGetValue(key, out var map))
        {
            maps[key] = map = new Dictionary<string, TValue>(StringComparer.Ordinal);
        }

        return map;
    }

    private static async ValueTask ForEachAsync(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(sql, transaction, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row(reader);
        }
    }
}
