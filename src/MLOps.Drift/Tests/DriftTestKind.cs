namespace MLOps.Drift;

/// <summary>How a drift test decides.</summary>
public enum DriftTestKind
{
    /// <summary>A hypothesis test: drift when the p-value is below the threshold (alpha) and the effect size reaches its minimum.</summary>
    PValue,

    /// <summary>A distance: drift when the statistic reaches the threshold; there is no p-value.</summary>
    Distance,
}
