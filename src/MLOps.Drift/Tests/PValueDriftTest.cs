namespace MLOps.Drift;

/// <summary>
/// A hypothesis test used for drift: drift when p &lt; alpha and, so that very large samples do not
/// flag negligible differences, the effect size reaches <see cref="MinEffectSize"/>.
/// </summary>
public abstract class PValueDriftTest : DriftTest
{
    /// <summary>Initialises alpha and the minimum effect size.</summary>
    /// <param name="alpha">The significance level, in (0, 1).</param>
    /// <param name="minEffectSize">The smallest effect size that counts as drift, ≥ 0 (0 turns it off).</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    private protected PValueDriftTest(double alpha, double minEffectSize)
        : base(alpha)
    {
        Require(alpha > 0 && alpha < 1, $"alpha must be in (0, 1); it is {alpha}.");
        Require(minEffectSize >= 0 && double.IsFinite(minEffectSize), $"minEffectSize must be a finite number ≥ 0; it is {minEffectSize}.");
        MinEffectSize = minEffectSize;
    }

    /// <inheritdoc />
    public override DriftTestKind Kind => DriftTestKind.PValue;

    /// <summary>The smallest effect size that counts as drift; 0 turns the requirement off.</summary>
    public double MinEffectSize { get; }

    /// <summary>The decision rule: p &lt; alpha and (no effect size, or effect size ≥ minimum).</summary>
    /// <param name="pValue">The p-value.</param>
    /// <param name="alpha">The significance level.</param>
    /// <param name="effectSize">The effect size, or null.</param>
    /// <param name="minEffectSize">The minimum effect size.</param>
    /// <returns>Whether the column drifted.</returns>
    public static bool Decide(double pValue, double alpha, double? effectSize, double minEffectSize) =>
        pValue < alpha && (effectSize is not { } effect || effect >= minEffectSize);

    /// <summary>Builds the verdict from a test result and an effect size.</summary>
    /// <param name="result">The statistic and p-value.</param>
    /// <param name="effectSize">The effect size, or null when the test has none.</param>
    /// <param name="notes">Notes, or null.</param>
    /// <returns>The verdict.</returns>
    private protected DriftTestResult Verdict(StatisticalTestResult result, double? effectSize, string? notes = null) =>
        new(Name, result.Statistic, result.PValue, Threshold, Decide(result.PValue, Threshold, effectSize, MinEffectSize))
        {
            EffectSize = effectSize,
            MinEffectSize = effectSize is null ? null : MinEffectSize,
            Method = result.Method,
            Notes = notes,
        };
}
