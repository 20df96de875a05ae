using System.Text.Json.Serialization;

namespace MLOps.Drift;

/// <summary>One column's line of a <see cref="DriftReport"/>.</summary>
/// <remarks>Immutable. In JSON the names are snake_case (<c>p_value</c>, <c>adjusted_p_value</c>, …) and nulls are written.</remarks>
public sealed record ColumnDriftResult
{
    /// <summary>The column name.</summary>
    public required string Column { get; init; }

    /// <summary>How the column was tested.</summary>
    public required DriftColumnKind Kind { get; init; }

    /// <summary>The test's name.</summary>
    public required string Test { get; init; }

    /// <summary>The statistic or distance.</summary>
    public required double Statistic { get; init; }

    /// <summary>The raw p-value; null for distances.</summary>
    public double? PValue { get; init; }

    /// <summary>The p-value after the report's multiple-testing correction (equal to <see cref="PValue"/> without one); null for distances.</summary>
    public double? AdjustedPValue { get; init; }

    /// <summary>Alpha or the distance threshold.</summary>
    public required double Threshold { get; init; }

    /// <summary>Whether the column drifted (after correction).</summary>
    public required bool Drifted { get; init; }

    /// <summary>The effect size the decision also requires, or null.</summary>
    public double? EffectSize { get; init; }

    /// <summary>The minimum effect size, or null.</summary>
    public double? MinEffectSize { get; init; }

    /// <summary>How the p-value was computed (<c>exact</c>, <c>asymptotic</c>, …), or null for distances.</summary>
    public PValueMethod? Method { get; init; }

    /// <summary>Notes: dropped values, defined results for degenerate input, approximations.</summary>
    public string? Notes { get; init; }

    /// <summary>The number of reference values tested.</summary>
    public long ReferenceCount { get; init; }

    /// <summary>The number of current values tested.</summary>
    public long CurrentCount { get; init; }

    /// <summary>What the reference sample dropped.</summary>
    public MissingValueCounts ReferenceMissing { get; init; }

    /// <summary>What the current sample dropped.</summary>
    public MissingValueCounts CurrentMissing { get; init; }

    /// <summary>What the HTML report draws; not part of the JSON.</summary>
    [JsonIgnore]
    public ColumnHistogram? Histogram { get; init; }
}
