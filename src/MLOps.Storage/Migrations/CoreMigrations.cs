namespace MLOps.Storage.Migrations;

/// <summary>The workspace's own schema (module <c>core</c>): identity and properties of the workspace.</summary>
internal sealed class CoreMigrations : IMigrationSource
{
    public static CoreMigrations Instance { get; } = new();

    public string Module => "core";

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new Migration(1, "workspace properties", d =>
        [
            $"CREATE TABLE {d.Table("core", "properties")} (name {d.TypeName(SqlType.Text)} PRIMARY KEY, value {d.TypeName(SqlType.Text)} NOT NULL)",
        ]),
    ];
}
