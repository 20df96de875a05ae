using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The total variation distance ½ Σ |p_ref − p_cur| (CLI name <c>tvd</c>) over category frequencies or over bins fixed on the reference.
/// </summary>
/// <remarks>In [0, 1]: the largest difference in probability the two distributions give to any event. The default threshold is 0.1. Thread-safe.</remarks>
public sealed class TotalVariationDistance : FrequencyDistanceTest
{
    /// <summary>The test's name: <c>tvd</c>.</summary>
    public const string TestName = "tvd";

    /// <summary>Creates the test.</summary>
    /// <param name="threshold">The value at and above which the column drifted. The default is 0.1.</param>
    /// <param name="binning">How numeric columns are binned. The default is <see cref="BinningStrategy.Quantile"/>.</param>
    /// <param name="bins">The number of quantile bins. The default is 10.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public TotalVariationDistance(double threshold = 0.1, BinningStrategy binning = BinningStrategy.Quantile, int bins = 10)
        : base(threshold, binning, bins)
    {
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    protected override double Distance(double[] reference, double[] current) => FrequencyDistances.TotalVariation(reference, current);
}
