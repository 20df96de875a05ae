namespace MLOps.Tracking;

/// <summary>How to start a run: an optional name, a parent for nested runs, and tags and params to set at once.</summary>
public sealed class RunStartOptions
{
    /// <summary>The run's name.</summary>
    /// <value>The default value is null (no name).</value>
    public string? Name { get; set; }

    /// <summary>The id of the run this one is nested in; it must exist.</summary>
    /// <value>The default value is null (a top-level run).</value>
    public string? ParentRunId { get; set; }

    /// <summary>Tags set when the run is created, in the same transaction.</summary>
    /// <value>The default value is null (no tags).</value>
    public IReadOnlyDictionary<string, string>? Tags { get; set; }

    /// <summary>Params logged when the run is created, in the same transaction (one write for a run that is started, described and ended quickly, such as a pipeline step).</summary>
    /// <value>The default value is null (no params).</value>
    public IReadOnlyList<KeyValuePair<string, ParamValue>>? Params { get; set; }
}
