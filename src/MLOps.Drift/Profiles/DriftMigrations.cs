using MLOps.Storage;

namespace MLOps.Drift;

/// <summary>
/// The drift module's schema (module <c>drift</c>): one row per stored reference profile version,
/// pointing at the profile's content in the blob store.
/// </summary>
internal sealed class DriftMigrations : IMigrationSource
{
    public const string ModuleName = "drift";

    public static DriftMigrations Instance { get; } = new();

    public string Module => ModuleName;

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new Migration(1, "reference profiles", Create),
    ];

    public static string ProfilesTable(ISqlDialect dialect) => dialect.Table(ModuleName, "profiles");

    private static IReadOnlyList<string> Create(ISqlDialect d)
    {
        string id = d.TypeName(SqlType.Int64);
        string text = d.TypeName(SqlType.Text);
        return
        [
            $"CREATE TABLE {ProfilesTable(d)} (name {text} NOT NULL, version {id} NOT NULL, blob_hash {text} NOT NULL, " +
            $"row_count {id} NOT NULL, column_count {id} NOT NULL, created_at {id} NOT NULL, PRIMARY KEY (name, version))",
        ];
    }
}
