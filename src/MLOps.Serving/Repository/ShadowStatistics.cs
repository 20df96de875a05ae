namespace MLOps.Serving;

/// <summary>How a shadow version's answers compared with the primary's.</summary>
public sealed record ShadowStatistics
{
    /// <summary>Copies sent to the shadow.</summary>
    public required long Requests { get; init; }

    /// <summary>Copies the shadow failed on (or that ended without an answer).</summary>
    public required long Failures { get; init; }

    /// <summary>Copies whose outputs were compared with the primary's.</summary>
    public required long Compared { get; init; }

    /// <summary>Compared copies whose outputs differed beyond the routing's tolerance (or in shape, type or a non-numeric value).</summary>
    public required long Mismatches { get; init; }

    /// <summary>The largest absolute difference seen in a numeric output.</summary>
    public required double MaxAbsoluteDifference { get; init; }
}
