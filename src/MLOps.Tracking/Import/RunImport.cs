using MLOps.Lineage;

namespace MLOps.Tracking;

/// <summary>
/// A finished run to import in bulk (from another tracker, or generated): its attributes and all of its
/// data. See <see cref="RunCatalog.ImportAsync"/>.
/// </summary>
public sealed class RunImport
{
    /// <summary>The run's name.</summary>
    /// <value>The default value is null.</value>
    public string? Name { get; set; }

    /// <summary>The run's status.</summary>
    /// <value>The default value is <see cref="RunStatus.Finished"/>.</value>
    public RunStatus Status { get; set; } = RunStatus.Finished;

    /// <summary>When the run started; null means now.</summary>
    /// <value>The default value is null.</value>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>When the run ended; null means its start time for an ended run, and nothing for a RUNNING one.</summary>
    /// <value>The default value is null.</value>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>The params.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IReadOnlyDictionary<string, ParamValue> Params { get; set; } = new Dictionary<string, ParamValue>(StringComparer.Ordinal);

    /// <summary>The tags.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Each metric's points by key.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> Metrics { get; set; } = new Dictionary<string, IReadOnlyList<MetricPoint>>(StringComparer.Ordinal);

    /// <summary>The inputs (dataset commits, feature services).</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<LineageReference> Inputs { get; set; } = [];
}
