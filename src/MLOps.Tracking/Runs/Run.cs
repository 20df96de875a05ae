namespace MLOps.Tracking;

/// <summary>
/// A run as stored: its attributes and its data (params, tags, metric summaries, inputs). An immutable
/// snapshot; read it again to see later changes.
/// </summary>
public sealed record Run
{
    /// <summary>The run id: 32 lower-case hexadecimal digits.</summary>
    public required string Id { get; init; }

    /// <summary>The experiment the run belongs to.</summary>
    public required long ExperimentId { get; init; }

    /// <summary>The run's name, or null.</summary>
    public string? Name { get; init; }

    /// <summary>The run's status.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>When the run ended, or null while it runs.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>The run this one is nested in, or null.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>The last heartbeat of the process running it.</summary>
    public required DateTimeOffset HeartbeatAt { get; init; }

    /// <summary>When the run was soft-deleted, or null.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>Where the run came from.</summary>
    public required RunSource Source { get; init; }

    /// <summary>The run's params by key.</summary>
    public required IReadOnlyDictionary<string, ParamValue> Params { get; init; }

    /// <summary>The run's tags by key.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>The summary of each metric by key (last, min, max and their steps).</summary>
    public required IReadOnlyDictionary<string, MetricSummary> Metrics { get; init; }

    /// <summary>What the run read: dataset commits, feature services, models.</summary>
    public required IReadOnlyList<RunInput> Inputs { get; init; }

    /// <summary>Whether the run is soft-deleted.</summary>
    public bool IsDeleted => DeletedAt is not null;

    /// <summary>The run's duration so far, or in total once ended; null while running.</summary>
    public TimeSpan? Duration => EndTime - StartTime;
}
