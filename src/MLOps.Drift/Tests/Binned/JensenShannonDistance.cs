using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The Jensen–Shannon distance (natural log; the square root of the divergence, as scipy's <c>jensenshannon</c>) (CLI name <c>jensen_shannon</c>) over category frequencies or over bins fixed on the reference.
/// </summary>
/// <remarks>In [0, √ln 2]; symmetric; needs no smoothing. The default threshold is 0.1. Thread-safe.</remarks>
public sealed class JensenShannonDistance : FrequencyDistanceTest
{
    /// <summary>The test's name: <c>jensen_shannon</c>.</summary>
    public const string TestName = "jensen_shannon";

    /// <summary>Creates the test.</summary>
    /// <param name="threshold">The value at and above which the column drifted. The default is 0.1.</param>
    /// <param name="binning">How numeric columns are binned. The default is <see cref="BinningStrategy.Quantile"/>.</param>
    /// <param name="bins">The number of quantile bins. The default is 10.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public JensenShannonDistance(double threshold = 0.1, BinningStrategy binning = BinningStrategy.Quantile, int bins = 10)
        : base(threshold, binning, bins)
    {
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    protected override double Distance(double[] reference, double[] current) => FrequencyDistances.JensenShannon(reference, current);
}
