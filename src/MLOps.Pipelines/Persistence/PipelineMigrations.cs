using MLOps.Storage;

namespace MLOps.Pipelines.Persistence;

/// <summary>
/// The pipelines module's schema (module <c>pl</c>): runs, their steps (state, attempts, output hash,
/// small outputs inline, worker leases) and the step cache.
/// </summary>
internal sealed class PipelineMigrations : IMigrationSource
{
    public const string ModuleName = "pl";

    public static PipelineMigrations Instance { get; } = new();

    public string Module => ModuleName;

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new Migration(1, "runs, steps and cache", Create),
    ];

    public static string Runs(ISqlDialect dialect) => dialect.Table(ModuleName, "runs");

    public static string Steps(ISqlDialect dialect) => dialect.Table(ModuleName, "steps");

    public static string Cache(ISqlDialect dialect) => dialect.Table(ModuleName, "cache");

    private static IReadOnlyList<string> Create(ISqlDialect d)
    {
        string int32 = d.TypeName(SqlType.Int32);
        string int64 = d.TypeName(SqlType.Int64);
        string text = d.TypeName(SqlType.Text);
        string binary = d.TypeName(SqlType.Binary);
        return
        [
            $"CREATE TABLE {Runs(d)} (id {text} NOT NULL PRIMARY KEY, pipeline {text} NOT NULL, status {text} NOT NULL, started_at {int64} NOT NULL, " +
            $"duration_us {int64}, step_count {int32} NOT NULL, cached_count {int32} NOT NULL, parameters {text} NOT NULL, tracking_run_id {text}, error {text})",
            $"CREATE INDEX ix_pl_runs_pipeline ON {Runs(d)} (pipeline, started_at)",
            $"CREATE INDEX ix_pl_runs_started ON {Runs(d)} (started_at)",
            $"CREATE TABLE {Steps(d)} (run_id {text} NOT NULL, step {text} NOT NULL, position {int32} NOT NULL, state {text} NOT NULL, attempts {int32} NOT NULL, " +
            $"started_at {int64} NOT NULL, duration_us {int64} NOT NULL, cache_key {text}, output_hash {text}, serializer {text}, inline_output {binary}, " +
            $"error {text}, worker {text}, lease_until {int64}, PRIMARY KEY (run_id, step))",
            $"CREATE TABLE {Cache(d)} (cache_key {text} NOT NULL PRIMARY KEY, step {text} NOT NULL, output_hash {text} NOT NULL, serializer {text} NOT NULL, " +
            $"inline_output {binary}, created_at {int64} NOT NULL, run_id {text} NOT NULL)",
            $"CREATE INDEX ix_pl_cache_step ON {Cache(d)} (step)",
        ];
    }
}
