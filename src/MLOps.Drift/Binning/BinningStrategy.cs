namespace MLOps.Drift;

/// <summary>How the binned distances cut a numeric column into bins, always on the reference alone.</summary>
public enum BinningStrategy
{
    /// <summary>
    /// Reference quantiles at 1/B, 2/B, …, (B−1)/B (linear interpolation, numpy's default), duplicate
    /// edges merged; each bin holds about the same share of the reference (the default, B = 10).
    /// </summary>
    Quantile,

    /// <summary>
    /// Equal-width bins over the reference's range, their number by Doane's rule
    /// ⌈1 + log₂ n + log₂(1 + |g₁|/σ_g₁)⌉ with g₁ the reference's skewness and
    /// σ_g₁ = √(6(n − 2)/((n + 1)(n + 3))); one bin when n ≤ 2 or the reference is constant.
    /// </summary>
    Doane,
}
