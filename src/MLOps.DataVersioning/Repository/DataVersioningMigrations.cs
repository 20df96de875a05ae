using MLOps.Storage;

namespace MLOps.DataVersioning;

/// <summary>
/// The data-versioning module's schema (module <c>dv</c>): an index of commits (for id-prefix lookup
/// and per-dataset listing; the commits themselves are blobs) and the refs, branches and tags per dataset.
/// </summary>
internal sealed class DataVersioningMigrations : IMigrationSource
{
    public const string ModuleName = "dv";

    public const string BranchKind = "branch";

    public const string TagKind = "tag";

    public static DataVersioningMigrations Instance { get; } = new();

    public string Module => ModuleName;

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new Migration(1, "commits and refs", Create),
    ];

    public static string CommitsTable(ISqlDialect dialect) => dialect.Table(ModuleName, "commits");

    public static string RefsTable(ISqlDialect dialect) => dialect.Table(ModuleName, "refs");

    private static IReadOnlyList<string> Create(ISqlDialect d)
    {
        string int64 = d.TypeName(SqlType.Int64);
        string text = d.TypeName(SqlType.Text);
        return
        [
            $"CREATE TABLE {CommitsTable(d)} (id {text} NOT NULL PRIMARY KEY, dataset {text} NOT NULL, tree {text} NOT NULL, committed_at {int64} NOT NULL)",
            $"CREATE INDEX ix_dv_commits_dataset ON {CommitsTable(d)} (dataset, committed_at)",
            $"CREATE TABLE {RefsTable(d)} (dataset {text} NOT NULL, kind {text} NOT NULL, name {text} NOT NULL, commit_id {text} NOT NULL, " +
            $"updated_at {int64} NOT NULL, PRIMARY KEY (dataset, kind, name))",
        ];
    }
}
