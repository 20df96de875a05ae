namespace MLOps.Drift;

/// <summary>The alternative hypothesis of a two-sample test, with scipy's meaning.</summary>
public enum Alternative
{
    /// <summary>The distributions differ (the default).</summary>
    TwoSided,

    /// <summary>
    /// For KS: the reference CDF lies below the current CDF somewhere (D⁻ = max(F_cur − F_ref)); for
    /// Mann–Whitney and t: the reference is stochastically smaller than the current.
    /// </summary>
    Less,

    /// <summary>
    /// For KS: the reference CDF lies above the current CDF somewhere (D⁺ = max(F_ref − F_cur)); for
    /// Mann–Whitney and t: the reference is stochastically larger than the current.
    /// </summary>
    Greater,
}
