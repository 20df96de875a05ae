namespace MLOps.Drift;

/// <summary>One test's verdict on one column.</summary>
/// <param name="Test">The test's name, such as <c>ks</c> or <c>psi</c>.</param>
/// <param name="Statistic">The statistic (for distances, the distance). Always a number: defined results replace scipy's NaN (see each test).</param>
/// <param name="PValue">The p-value for hypothesis tests; null for distances.</param>
/// <param name="Threshold">Alpha for hypothesis tests, the distance threshold otherwise.</param>
/// <param name="Drifted">Whether the test found drift.</param>
/// <remarks>Immutable.</remarks>
public sealed record DriftTestResult(string Test, double Statistic, double? PValue, double Threshold, bool Drifted)
{
    /// <summary>The effect size the decision also requires (see the test), or null when the test has none.</summary>
    public double? EffectSize { get; init; }

    /// <summary>The minimum effect size for drift; 0 turns the requirement off.</summary>
    public double? MinEffectSize { get; init; }

    /// <summary>How the p-value was computed, for hypothesis tests.</summary>
    public PValueMethod? Method { get; init; }

    /// <summary>What the reader should know: dropped values, defined results for degenerate input, approximations.</summary>
    public string? Notes { get; init; }
}
