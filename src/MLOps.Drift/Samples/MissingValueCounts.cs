namespace MLOps.Drift;

/// <summary>The values a sample dropped before testing, by kind.</summary>
/// <param name="Nulls">Null rows.</param>
/// <param name="NaN">NaN values.</param>
/// <param name="PositiveInfinity">+∞ values.</param>
/// <param name="NegativeInfinity">−∞ values.</param>
public readonly record struct MissingValueCounts(long Nulls, long NaN, long PositiveInfinity, long NegativeInfinity)
{
    /// <summary>The total number of dropped values.</summary>
    public long Total => Nulls + NaN + PositiveInfinity + NegativeInfinity;
}
