using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The population stability index Σ (p_ref − p_cur) ln(p_ref/p_cur) (CLI name <c>psi</c>) over category frequencies or over bins fixed on the reference.
/// </summary>
/// <remarks>Empty shares count as 10⁻⁴ (Evidently's choice) so that a category that appears or vanishes gives a large but finite value. Common reading: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 major shift. The default threshold is 0.1. Thread-safe.</remarks>
public sealed class PopulationStabilityIndex : FrequencyDistanceTest
{
    /// <summary>The test's name: <c>psi</c>.</summary>
    public const string TestName = "psi";

    /// <summary>Creates the test.</summary>
    /// <param name="threshold">The value at and above which the column drifted. The default is 0.1.</param>
    /// <param name="binning">How numeric columns are binned. The default is <see cref="BinningStrategy.Quantile"/>.</param>
    /// <param name="bins">The number of quantile bins. The default is 10.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public PopulationStabilityIndex(double threshold = 0.1, BinningStrategy binning = BinningStrategy.Quantile, int bins = 10)
        : base(threshold, binning, bins)
    {
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    protected override double Distance(double[] reference, double[] current) => FrequencyDistances.PopulationStability(reference, current);
}
