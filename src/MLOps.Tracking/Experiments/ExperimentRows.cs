using System.Data.Common;
using MLOps.Storage.Sql;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking.Experiments;

/// <summary>Experiment SQL shared by the catalog and by run start (which creates a missing experiment in its own transaction).</summary>
internal static class ExperimentRows
{
    public const string Columns = "experiment_id, name, created_at, updated_at, deleted_at";

    /// <summary>Gets the experiment's id, creating it when missing; a deleted experiment is a conflict.</summary>
    public static async ValueTask<long> GetOrCreateActiveAsync(TrackingContext context, DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        var t = context.Tables;
        var exists = await connection.ScalarAsync<long?>($"SELECT experiment_id FROM {t.Experiments} WHERE name = @name", transaction, cancellationToken, ("name", name)).ConfigureAwait(false);
        if (exists is null)
        {
            // Insert only when missing (an insert that conflicts would still use up an id); another
            // process creating it at the same moment makes this a no-op.
            var now = context.Now();
            await connection.ExecuteAsync(
                $"INSERT INTO {t.Experiments} (name, created_at, updated_at) VALUES (@name, @now, @now) ON CONFLICT (name) DO NOTHING",
                transaction,
                cancellationToken,
                ("name", name),
                ("now", now)).ConfigureAwait(false);
        }

        await using var command = connection.CreateCommand($"SELECT experiment_id, deleted_at FROM {t.Experiments} WHERE name = @name", transaction, ("name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new NotFoundException($"Experiment '{name}' vanished while starting a run in it.");
        }

        if (!reader.IsDBNull(1))
        {
            throw new ConflictException($"Experiment '{name}' is deleted; restore it (tracking.Experiments.RestoreAsync) before starting runs in it.");
        }

        return reader.Int64(0);
    }

    public static async ValueTask<IReadOnlyList<Experiment>> ReadAsync(TrackingContext context, DbConnection connection, DbTransaction? transaction, string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var t = context.Tables;
        var rows = new List<(long Id, string Name, long Created, long Updated, long? Deleted)>();
        await using (var command = connection.CreateCommand($"SELECT {Columns} FROM {t.Experiments} {where}", transaction, parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.Int64(0), reader.GetString(1), reader.Int64(2), reader.Int64(3), reader.NullableInt64(4)));
            }
        }

        var tags = new Dictionary<long, Dictionary<string, string>>();
        if (rows.Count > 0)
        {
            await using var command = rows.Count == 1
                ? connection.CreateCommand($"SELECT experiment_id, key, value FROM {t.ExperimentTags} WHERE experiment_id = @id", transaction, ("id", rows[0].Id))
                : connection.CreateCommand($"SELECT experiment_id, key, value FROM {t.ExperimentTags}", transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.Int64(0);
                if (!tags.TryGetValue(id, out var map))
                {
                    tags[id] = map = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                map[reader.GetString(1)] = reader.GetString(2);
            }
        }

        return rows.Select(r => new Experiment(
            r.Id,
            r.Name,
            Micros.ToTime(r.Created),
            Micros.ToTime(r.Updated),
            Micros.ToTime(r.Deleted),
            tags.TryGetValue(r.Id, out var map) ? map : new Dictionary<string, string>(StringComparer.Ordinal))).ToList();
    }
}
