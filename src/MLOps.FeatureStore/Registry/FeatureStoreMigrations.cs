using MLOps.Storage;

namespace MLOps.FeatureStore;

/// <summary>
/// The feature store's schema (module <c>fs</c>): versioned definitions, the online store's wide rows,
/// materialization watermarks and in-flight progress, and the offline log of pushed rows.
/// </summary>
internal sealed class FeatureStoreMigrations : IMigrationSource
{
    public const string ModuleName = "fs";

    public static FeatureStoreMigrations Instance { get; } = new();

    public string Module => ModuleName;

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new Migration(1, "registry, online rows, watermarks, push log", Create),
    ];

    public static string Registry(ISqlDialect dialect) => dialect.Table(ModuleName, "registry");

    public static string Online(ISqlDialect dialect) => dialect.Table(ModuleName, "online");

    public static string Watermarks(ISqlDialect dialect) => dialect.Table(ModuleName, "watermarks");

    public static string Progress(ISqlDialect dialect) => dialect.Table(ModuleName, "progress");

    public static string Pushes(ISqlDialect dialect) => dialect.Table(ModuleName, "pushes");

    private static IReadOnlyList<string> Create(ISqlDialect d)
    {
        var int64 = d.TypeName(SqlType.Int64);
        var text = d.TypeName(SqlType.Text);
        var binary = d.TypeName(SqlType.Binary);
        return
        [
            $"CREATE TABLE {Registry(d)} (kind {text} NOT NULL, name {text} NOT NULL, version {int64} NOT NULL, spec {text} NOT NULL, " +
            $"spec_hash {text} NOT NULL, applied_at {int64} NOT NULL, PRIMARY KEY (kind, name, version))",
            $"CREATE TABLE {Online(d)} (view_name {text} NOT NULL, entity_key {text} NOT NULL, event_ts {int64} NOT NULL, created_ts {int64} NOT NULL, " +
            $"payload {binary} NOT NULL, PRIMARY KEY (view_name, entity_key))",
            $"CREATE TABLE {Watermarks(d)} (view_name {text} NOT NULL PRIMARY KEY, watermark {int64} NOT NULL, updated_at {int64} NOT NULL)",
            $"CREATE TABLE {Progress(d)} (view_name {text} NOT NULL PRIMARY KEY, range_start {int64} NOT NULL, range_end {int64} NOT NULL, chunks_done {int64} NOT NULL)",
            $"CREATE TABLE {Pushes(d)} ({d.IdentityColumn("id")}, source {text} NOT NULL, blob {text} NOT NULL, row_count {int64} NOT NULL, pushed_at {int64} NOT NULL)",
        ];
    }
}
