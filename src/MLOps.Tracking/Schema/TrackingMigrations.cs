namespace MLOps.Tracking.Schema;

/// <summary>
/// The tracking module's schema (module <c>tracking</c>). Runs carry an integer surrogate
/// (<c>run_seq</c>) that every child table keys on, so the hot tables (metric points, summaries) stay
/// narrow; the public run id is a 32-hex GUID. Metric values are stored with NaN as NULL in both
/// dialects (SQLite cannot keep NaN, and PostgreSQL would sort NaN above every number), so a NULL
/// value always reads back as NaN.
/// </summary>
internal sealed class TrackingMigrations : IMigrationSource
{
    public const string ModuleName = "tracking";

    public static TrackingMigrations Instance { get; } = new();

    public string Module => ModuleName;

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new Migration(1, "experiments, runs, params, tags, metrics, inputs, artifacts", CreateTracking),
        new Migration(2, "model registry: models, versions, tags, aliases, alias history", CreateRegistry),
    ];

    private static IReadOnlyList<string> CreateTracking(ISqlDialect d)
    {
        var t = new TrackingTables(d);
        var id = d.TypeName(SqlType.Int64);
        var text = TextType(d);
        var real = d.TypeName(SqlType.Float64);
        var clustered = ClusteredSuffix(d);
        return
        [
            $"CREATE TABLE {t.Experiments} ({d.IdentityColumn("experiment_id")}, name {text} NOT NULL UNIQUE, " +
            $"created_at {id} NOT NULL, updated_at {id} NOT NULL, deleted_at {id})",
            $"CREATE TABLE {t.ExperimentTags} (experiment_id {id} NOT NULL REFERENCES {t.Experiments} (experiment_id), " +
            $"key {text} NOT NULL, value {text} NOT NULL, PRIMARY KEY (experiment_id, key)){clustered}",
            $"CREATE TABLE {t.Runs} ({d.IdentityColumn("run_seq")}, run_id {text} NOT NULL UNIQUE, " +
            $"experiment_id {id} NOT NULL REFERENCES {t.Experiments} (experiment_id), name {text}, status {text} NOT NULL, " +
            $"start_time {id} NOT NULL, end_time {id}, parent_run_id {text}, heartbeat_at {id} NOT NULL, deleted_at {id}, " +
            $"source_user {text}, source_host {text}, source_git_commit {text}, source_entry {text})",
            $"CREATE INDEX ix_tracking_runs_experiment ON {t.Runs} (experiment_id, start_time, run_seq)",
            $"CREATE INDEX ix_tracking_runs_start ON {t.Runs} (start_time, run_seq)",
            $"CREATE INDEX ix_tracking_runs_status ON {t.Runs} (status, heartbeat_at)",
            $"CREATE INDEX ix_tracking_runs_parent ON {t.Runs} (parent_run_id)",
            $"CREATE TABLE {t.Params} (run_seq {id} NOT NULL, key {text} NOT NULL, kind {id} NOT NULL, " +
            $"value_text {text} NOT NULL, value_num {real}, sort_key {text} NOT NULL, PRIMARY KEY (run_seq, key)){clustered}",
            $"CREATE INDEX ix_tracking_params_text ON {t.Params} (key, value_text, run_seq)",
            $"CREATE INDEX ix_tracking_params_num ON {t.Params} (key, value_num, run_seq)",
            $"CREATE INDEX ix_tracking_params_sort ON {t.Params} (key, sort_key, run_seq)",
            $"CREATE TABLE {t.Tags} (run_seq {id} NOT NULL, key {text} NOT NULL, value {text} NOT NULL, " +
            $"PRIMARY KEY (run_seq, key)){clustered}",
            $"CREATE INDEX ix_tracking_tags_value ON {t.Tags} (key, value, run_seq)",
            $"CREATE TABLE {t.Chunks} (run_seq {id} NOT NULL, key {text} NOT NULL, first_step {id} NOT NULL, last_step {id} NOT NULL, " +
            $"point_count {id} NOT NULL, points {d.TypeName(SqlType.Binary)} NOT NULL)",
            $"CREATE INDEX ix_tracking_chunks_series ON {t.Chunks} (run_seq, key, first_step)",
            $"CREATE TABLE {t.Summaries} (run_seq {id} NOT NULL, key {text} NOT NULL, " +
            $"last_value {real}, last_step {id} NOT NULL, last_timestamp {id} NOT NULL, " +
            $"min_value {real}, min_step {id}, max_value {real}, max_step {id}, point_count {id} NOT NULL, " +
            $"PRIMARY KEY (run_seq, key)){clustered}",
            $"CREATE INDEX ix_tracking_summaries_last ON {t.Summaries} (key, last_value, run_seq)",
            $"CREATE INDEX ix_tracking_summaries_min ON {t.Summaries} (key, min_value, run_seq)",
            $"CREATE INDEX ix_tracking_summaries_max ON {t.Summaries} (key, max_value, run_seq)",
            $"CREATE TABLE {t.Inputs} (run_seq {id} NOT NULL, reference {text} NOT NULL, kind {text} NOT NULL, " +
            $"name {text} NOT NULL, version {text}, context {text}, logged_at {id} NOT NULL, PRIMARY KEY (run_seq, reference)){clustered}",
            $"CREATE INDEX ix_tracking_inputs_reference ON {t.Inputs} (reference, run_seq)",
            $"CREATE INDEX ix_tracking_inputs_name ON {t.Inputs} (kind, name, run_seq)",
            $"CREATE TABLE {t.Artifacts} (run_seq {id} NOT NULL, path {text} NOT NULL, hash {text} NOT NULL, " +
            $"size {id} NOT NULL, logged_at {id} NOT NULL, PRIMARY KEY (run_seq, path)){clustered}",
        ];
    }

    private static IReadOnlyList<string> CreateRegistry(ISqlDialect d)
    {
        var t = new TrackingTables(d);
        var id = d.TypeName(SqlType.Int64);
        var text = TextType(d);
        var clustered = ClusteredSuffix(d);
        return
        [
            $"CREATE TABLE {t.Models} (name {text} PRIMARY KEY, description {text}, created_at {id} NOT NULL, " +
            $"updated_at {id} NOT NULL, last_version {id} NOT NULL)",
            $"CREATE TABLE {t.ModelTags} (model_name {text} NOT NULL REFERENCES {t.Models} (name), key {text} NOT NULL, " +
            $"value {text} NOT NULL, PRIMARY KEY (model_name, key)){clustered}",
            $"CREATE TABLE {t.Versions} (model_name {text} NOT NULL REFERENCES {t.Models} (name), version {id} NOT NULL, " +
            $"run_id {text}, artifact_path {text}, artifact_hash {text}, artifact_size {id}, signature {text}, " +
            $"status {text} NOT NULL, description {text}, created_at {id} NOT NULL, created_by {text}, updated_at {id} NOT NULL, " +
            $"PRIMARY KEY (model_name, version)){clustered}",
            $"CREATE INDEX ix_tracking_versions_run ON {t.Versions} (run_id)",
            $"CREATE TABLE {t.VersionTags} (model_name {text} NOT NULL, version {id} NOT NULL, key {text} NOT NULL, " +
            $"value {text} NOT NULL, PRIMARY KEY (model_name, version, key)){clustered}",
            $"CREATE TABLE {t.Aliases} (model_name {text} NOT NULL, alias {text} NOT NULL, version {id} NOT NULL, " +
            $"updated_at {id} NOT NULL, PRIMARY KEY (model_name, alias)){clustered}",
            $"CREATE TABLE {t.AliasHistory} ({d.IdentityColumn("change_id")}, model_name {text} NOT NULL, alias {text} NOT NULL, " +
            $"from_version {id}, to_version {id}, changed_at {id} NOT NULL, changed_by {text})",
            $"CREATE INDEX ix_tracking_alias_history ON {t.AliasHistory} (model_name, alias, change_id)",
        ];
    }

    // Byte-order collation on PostgreSQL, as SQLite's default: ordering, range filters and keyset
    // paging over text must agree between the two dialects, whatever the server's locale.
    private static string TextType(ISqlDialect dialect) =>
        string.Equals(dialect.Name, "postgresql", StringComparison.Ordinal) ? dialect.TypeName(SqlType.Text) + " COLLATE \"C\"" : dialect.TypeName(SqlType.Text);

    // Small lookup tables keyed by their primary key are stored clustered on SQLite (no rowid
    // indirection); PostgreSQL has no equivalent and does not need one.
    private static string ClusteredSuffix(ISqlDialect dialect) =>
        string.Equals(dialect.Name, "sqlite", StringComparison.Ordinal) ? " WITHOUT ROWID" : string.Empty;
}
