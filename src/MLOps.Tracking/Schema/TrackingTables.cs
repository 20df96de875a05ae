namespace MLOps.Tracking.Schema;

/// <summary>The qualified names of the tracking module's tables in one dialect, computed once.</summary>
internal sealed class TrackingTables
{
    public TrackingTables(ISqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        Experiments = Name(dialect, "experiments");
        ExperimentTags = Name(dialect, "experiment_tags");
        Runs = Name(dialect, "runs");
        Params = Name(dialect, "params");
        Tags = Name(dialect, "tags");
        Chunks = Name(dialect, "metric_chunks");
        Summaries = Name(dialect, "metric_summaries");
        Inputs = Name(dialect, "run_inputs");
        Artifacts = Name(dialect, "artifacts");
        Models = Name(dialect, "models");
        ModelTags = Name(dialect, "model_tags");
        Versions = Name(dialect, "model_versions");
        VersionTags = Name(dialect, "model_version_tags");
        Aliases = Name(dialect, "model_aliases");
        AliasHistory = Name(dialect, "model_alias_history");
    }

    public string Experiments { get; }

    public string ExperimentTags { get; }

    public string Runs { get; }

    public string Params { get; }

    public string Tags { get; }

    public string Chunks { get; }

    public string Summaries { get; }

    public string Inputs { get; }

    public string Artifacts { get; }

    public string Models { get; }

    public string ModelTags { get; }

    public string Versions { get; }

    public string VersionTags { get; }

    public string Aliases { get; }

    public string AliasHistory { get; }

    private static string Name(ISqlDialect dialect, string table) => dialect.Table(TrackingMigrations.ModuleName, table);
}
