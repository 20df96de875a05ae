using MLOps.Storage;

namespace MLOps.Storage.Tests.Contracts;

/// <summary>A module with numbered migrations: 1 creates two tables, later ones add indexes; one can be made to fail.</summary>
internal sealed class TestModule(string module, int count, int firstVersion = 1, int? failAt = null) : IMigrationSource
{
    public string Module => module;

    public IReadOnlyList<Migration> Migrations => Enumerable.Range(firstVersion, count).Select(Create).ToList();

    public TestModule WithCount(int newCount) => new(module, newCount, firstVersion, failAt);

    public ValueTask<IReadOnlyList<int>> ApplyAsync(MLOpsWorkspace workspace) => workspace.MigrateAsync(this);

    private Migration Create(int version) => new(version, "step " + version, d =>
    {
        if (version == failAt)
        {
            return ["CREATE TABLE this is not sql"];
        }

        if (version == 1)
        {
            return
            [
                $"CREATE TABLE {d.Table(module, "items")} ({d.IdentityColumn("id")}, name {d.TypeName(SqlType.Text)} NOT NULL UNIQUE, score {d.TypeName(SqlType.Float64)})",
                $"CREATE TABLE {d.Table(module, "points")} (step {d.TypeName(SqlType.Int64)} NOT NULL, value {d.TypeName(SqlType.Float64)}, key {d.TypeName(SqlType.Text)}, " +
                $"flag {d.TypeName(SqlType.Boolean)}, payload {d.TypeName(SqlType.Binary)})",
            ];
        }

        return [$"CREATE INDEX ix_{module}_points_{version} ON {d.Table(module, "points")} (step)"];
    });
}
