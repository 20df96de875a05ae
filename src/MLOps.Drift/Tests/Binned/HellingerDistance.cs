using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The Hellinger distance √(½ Σ (√p_ref − √p_cur)²) (CLI name <c>hellinger</c>) over category frequencies or over bins fixed on the reference.
/// </summary>
/// <remarks>In [0, 1]; needs no smoothing. The default threshold is 0.1. Thread-safe.</remarks>
public sealed class HellingerDistance : FrequencyDistanceTest
{
    /// <summary>The test's name: <c>hellinger</c>.</summary>
    public const string TestName = "hellinger";

    /// <summary>Creates the test.</summary>
    /// <param name="threshold">The value at and above which the column drifted. The default is 0.1.</param>
    /// <param name="binning">How numeric columns are binned. The default is <see cref="BinningStrategy.Quantile"/>.</param>
    /// <param name="bins">The number of quantile bins. The default is 10.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public HellingerDistance(double threshold = 0.1, BinningStrategy binning = BinningStrategy.Quantile, int bins = 10)
        : base(threshold, binning, bins)
    {
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    protected override double Distance(double[] reference, double[] current) => FrequencyDistances.Hellinger(reference, current);
}
