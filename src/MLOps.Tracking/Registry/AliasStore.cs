using System.Data.Common;
using MLOps.Storage.Sql;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking.Registry;

/// <summary>Moves aliases atomically: the alias row and its audit record are written in one transaction.</summary>
internal sealed class AliasStore(TrackingContext context, ModelRows rows)
{
    private readonly string _upsert = context.Dialect.Upsert(context.Tables.Aliases, ["model_name", "alias", "version", "updated_at"], ["model_name", "alias"], ["version", "updated_at"]);

    public ValueTask<AliasChange> SetAsync(string modelName, string alias, int version, string? user, CancellationToken cancellationToken)
    {
        TrackingNames.ModelName(modelName);
        TrackingNames.Alias(modelName, alias);
        if (version < 1)
        {
            throw new ValidationException($"Alias '{alias}' of model '{modelName}' cannot point to version {version}; versions are numbered from 1.");
        }

        var by = user is null ? context.User : TrackingNames.Name(user, "alias change user");
        return context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await rows.RequireVersionAsync(connection, transaction, modelName, version, ct).ConfigureAwait(false);
                var current = await CurrentAsync(connection, transaction, modelName, alias, ct).ConfigureAwait(false);
                var now = context.Now();
                if (current == version)
                {
                    return new AliasChange(modelName, alias, version, version, Micros.ToTime(now), by);
                }

                await connection.ExecuteAsync(_upsert, transaction, ct, ("model_name", modelName), ("alias", alias), ("version", (long)version), ("updated_at", now)).ConfigureAwait(false);
                return await RecordAsync(connection, transaction, modelName, alias, current, version, now, by, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public ValueTask<AliasChange> DeleteAsync(string modelName, string alias, string? user, CancellationToken cancellationToken)
    {
        TrackingNames.ModelName(modelName);
        TrackingNames.Alias(modelName, alias);
        var by = user is null ? context.User : TrackingNames.Name(user, "alias change user");
        return context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await rows.RequireModelAsync(connection, transaction, modelName, ct).ConfigureAwait(false);
                var current = await CurrentAsync(connection, transaction, modelName, alias, ct).ConfigureAwait(false)
                    ?? throw new NotFoundException($"Model '{modelName}' has no alias '{alias}'.");
                await connection.ExecuteAsync($"DELETE FROM {context.Tables.Aliases} WHERE model_name = @name AND alias = @alias", transaction, ct, ("name", modelName), ("alias", alias)).ConfigureAwait(false);
                return await RecordAsync(connection, transaction, modelName, alias, current, null, context.Now(), by, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<AliasChange>> HistoryAsync(string modelName, string? alias, CancellationToken cancellationToken) =>
        context.Database.ReadAsync<IReadOnlyList<AliasChange>>(
            async (connection, ct) =>
            {
                await rows.RequireModelAsync(connection, null, modelName, ct).ConfigureAwait(false);
                var sql = $"SELECT model_name, alias, from_version, to_version, changed_at, changed_by FROM {context.Tables.AliasHistory} WHERE model_name = @name"
                    + (alias is null ? string.Empty : " AND alias = @alias") + " ORDER BY change_id";
                await using var command = alias is null
                    ? connection.CreateCommand(sql, null, ("name", modelName))
                    : connection.CreateCommand(sql, null, ("name", modelName), ("alias", alias));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var changes = new List<AliasChange>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    changes.Add(new AliasChange(
                        reader.GetString(0),
                        reader.GetString(1),
                        reader.NullableInt64(2) is { } from ? (int)from : null,
                        reader.NullableInt64(3) is { } to ? (int)to : null,
                        Micros.ToTime(reader.Int64(4)),
                        reader.NullableString(5)));
                }

                return changes;
            },
            cancellationToken);

    private async ValueTask<int?> CurrentAsync(DbConnection connection, DbTransaction transaction, string modelName, string alias, CancellationToken cancellationToken)
    {
        var version = await connection.ScalarAsync<long?>(
            $"SELECT version FROM {context.Tables.Aliases} WHERE model_name = @name AND alias = @alias", transaction, cancellationToken, ("name", modelName), ("alias", alias)).ConfigureAwait(false);
        return version is { } v ? (int)v : null;
    }

    private async ValueTask<AliasChange> RecordAsync(
        DbConnection connection, DbTransaction transaction, string modelName, string alias, int? from, int? to, long now, string? by, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(
            $"INSERT INTO {context.Tables.AliasHistory} (model_name, alias, from_version, to_version, changed_at, changed_by) VALUES (@name, @alias, @from, @to, @now, @by)",
            transaction,
            cancellationToken,
            ("name", modelName),
            ("alias", alias),
            ("from", from is { } f ? (long)f : null),
            ("to", to is { } t ? (long)t : null),
            ("now", now),
            ("by", by)).ConfigureAwait(false);
        await connection.ExecuteAsync($"UPDATE {context.Tables.Models} SET updated_at = @now WHERE name = @name", transaction, cancellationToken, ("now", now), ("name", modelName)).ConfigureAwait(false);
        return new AliasChange(modelName, alias, from, to, Micros.ToTime(now), by);
    }
}
