namespace MLOps.Tracking.Search;

/// <summary>
/// The fixed vocabulary of the filter language: the attributes (each mapped to one column of the runs
/// table) and the input fields. Only these names ever reach SQL as identifiers; keys and values are
/// always parameters.
/// </summary>
internal static class SearchFields
{
    public static IReadOnlyDictionary<string, AttributeInfo> Attributes { get; } = new Dictionary<string, AttributeInfo>(StringComparer.OrdinalIgnoreCase)
    {
        ["run_id"] = new("run_id", "run_id", AttributeType.Text, Nullable: false),
        ["id"] = new("run_id", "run_id", AttributeType.Text, Nullable: false),
        ["run_name"] = new("run_name", "name", AttributeType.Text, Nullable: true),
        ["name"] = new("run_name", "name", AttributeType.Text, Nullable: true),
        ["status"] = new("status", "status", AttributeType.Status, Nullable: false),
        ["start_time"] = new("start_time", "start_time", AttributeType.Time, Nullable: false),
        ["end_time"] = new("end_time", "end_time", AttributeType.Time, Nullable: true),
        ["experiment_id"] = new("experiment_id", "experiment_id", AttributeType.Integer, Nullable: false),
        ["parent_run_id"] = new("parent_run_id", "parent_run_id", AttributeType.Text, Nullable: true),
        ["user"] = new("user", "source_user", AttributeType.Text, Nullable: true),
        ["host"] = new("host", "source_host", AttributeType.Text, Nullable: true),
        ["git_commit"] = new("git_commit", "source_git_commit", AttributeType.Text, Nullable: true),
        ["entry_assembly"] = new("entry_assembly", "source_entry", AttributeType.Text, Nullable: true),
    };

    /// <summary>Input fields: the column of the inputs table and the kind of reference it is restricted to (null: any kind).</summary>
    public static IReadOnlyDictionary<string, (string Column, string? Kind)> Inputs { get; } = new Dictionary<string, (string Column, string? Kind)>(StringComparer.OrdinalIgnoreCase)
    {
        ["reference"] = ("reference", null),
        ["dataset"] = ("name", "dataset"),
        ["dataset_commit"] = ("version", "dataset"),
        ["features"] = ("name", "features"),
        ["model"] = ("name", "model"),
        ["context"] = ("context", null),
    };

    public static string AttributeNames => string.Join(", ", Attributes.Values.Select(a => a.Name).Distinct(StringComparer.Ordinal));

    public static string InputNames => string.Join(", ", Inputs.Keys);
}
