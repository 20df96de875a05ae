using System.Data.Common;
using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Sql;

namespace MLOps.FeatureStore;

/// <summary>
/// Versioned definitions in the workspace database. Each apply is one registry version: it writes a
/// row for every added or changed definition and a tombstone for every removed one, in one
/// transaction; the current set is the latest non-tombstone row per (kind, name).
/// </summary>
internal sealed class FeatureRegistry(MLOpsWorkspace workspace)
{
    private readonly string _table = FeatureStoreMigrations.Registry(workspace.Dialect);

    public ValueTask<IReadOnlyList<RegisteredDefinition>> ListAsync(CancellationToken cancellationToken) =>
        workspace.Database.ReadAsync((connection, ct) => ListAsync(connection, null, ct), cancellationToken);

    public async ValueTask<FeaturePlan> PlanAsync(FeatureDefinitions definitions, CancellationToken cancellationToken)
    {
        var current = await ListAsync(cancellationToken).ConfigureAwait(false);
        var version = await workspace.Database.ReadAsync((c, ct) => c.ScalarAsync<long>($"SELECT COALESCE(MAX(version), 0) FROM {_table}", null, ct), cancellationToken).ConfigureAwait(false);
        return Compare(current, DefinitionSpecs.ToSpecs(definitions), version + 1).Plan;
    }

    /// <summary>Applies; returns the plan and the names of views whose feature list changed (their online rows no longer decode).</summary>
    public ValueTask<(FeaturePlan Plan, IReadOnlyList<string> ReshapedViews)> ApplyAsync(FeatureDefinitions definitions, Func<DbConnection, DbTransaction, IReadOnlyList<string>, CancellationToken, ValueTask> inTransaction, CancellationToken cancellationToken)
    {
        var specs = DefinitionSpecs.ToSpecs(definitions);
        var now = Micros.From(workspace.TimeProvider.GetUtcNow());
        return workspace.Database.WriteAsync<(FeaturePlan, IReadOnlyList<string>)>(
            async (connection, transaction, ct) =>
            {
                var current = await ListAsync(connection, transaction, ct).ConfigureAwait(false);
                var version = await connection.ScalarAsync<long>($"SELECT COALESCE(MAX(version), 0) FROM {_table}", transaction, ct).ConfigureAwait(false) + 1;
                var (plan, writes, reshaped) = Compare(current, specs, version);
                if (plan.IsEmpty)
                {
                    return (plan with { Version = version - 1 }, reshaped);
                }

                foreach (var (kind, name, spec) in writes)
                {
                    await connection.ExecuteAsync(
                        $"INSERT INTO {_table} (kind, name, version, spec, spec_hash, applied_at) VALUES (@kind, @name, @version, @spec, @hash, @at)",
                        transaction,
                        ct,
                        ("kind", kind),
                        ("name", name),
                        ("version", version),
                        ("spec", spec),
                        ("hash", spec.Length == 0 ? string.Empty : DefinitionSpecs.Hash(spec)),
                        ("at", now)).ConfigureAwait(false);
                }

                await inTransaction(connection, transaction, reshaped, ct).ConfigureAwait(false);
                return (plan, reshaped);
            },
            cancellationToken);
    }

    private static (FeaturePlan Plan, List<(string Kind, string Name, string Spec)> Writes, IReadOnlyList<string> Reshaped) Compare(
        IReadOnlyList<RegisteredDefinition> current, SortedDictionary<(string Kind, string Name), string> specs, long version)
    {
        var existing = current.ToDictionary(d => (d.Kind, d.Name), d => d.Spec);
        List<string> added = [], changed = [], removed = [], unchanged = [], reshaped = [];
        var writes = new List<(string, string, string)>();
        foreach (var ((kind, name), spec) in specs)
        {
            if (!existing.TryGetValue((kind, name), out var old))
            {
                added.Add(kind + ":" + name);
                writes.Add((kind, name, spec));
            }
            else if (!string.Equals(old, spec, StringComparison.Ordinal))
            {
                changed.Add(kind + ":" + name);
                writes.Add((kind, name, spec));
                if (string.Equals(kind, DefinitionSpecs.ViewKind, StringComparison.Ordinal) && !string.Equals(FeaturesOf(old), FeaturesOf(spec), StringComparison.Ordinal))
                {
                    reshaped.Add(name);
                }
            }
            else
            {
                unchanged.Add(kind + ":" + name);
            }
        }

        foreach (var ((kind, name), _) in existing.Where(e => !specs.ContainsKey(e.Key)).OrderBy(e => e.Key))
        {
            removed.Add(kind + ":" + name);
            writes.Add((kind, name, string.Empty));
            if (string.Equals(kind, DefinitionSpecs.ViewKind, StringComparison.Ordinal))
            {
                reshaped.Add(name);
            }
        }

        return (new FeaturePlan(added, changed, removed, unchanged, version), writes, reshaped);
    }

    private static string FeaturesOf(string viewSpec)
    {
        using var document = System.Text.Json.JsonDocument.Parse(viewSpec);
        return document.RootElement.GetProperty("features").GetRawText();
    }

    private async ValueTask<IReadOnlyList<RegisteredDefinition>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(
            $"SELECT r.kind, r.name, r.version, r.spec, r.applied_at FROM {_table} r WHERE r.spec_hash <> '' AND r.version = " +
            $"(SELECT MAX(x.version) FROM {_table} x WHERE x.kind = r.kind AND x.name = r.name) ORDER BY r.kind, r.name",
            transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<RegisteredDefinition>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new RegisteredDefinition(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), Micros.ToDateTime(reader.GetInt64(4))));
        }

        return result;
    }
}
