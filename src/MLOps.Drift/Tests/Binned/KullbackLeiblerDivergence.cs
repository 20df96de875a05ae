using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The Kullback–Leibler divergence KL(p_ref ‖ p_cur) = Σ p_ref ln(p_ref/p_cur) (scipy.stats.entropy's order) (CLI name <c>kl_div</c>) over category frequencies or over bins fixed on the reference.
/// </summary>
/// <remarks>Empty shares count as 10⁻⁴, as in PSI, so the value stays finite. The default threshold is 0.1. Thread-safe.</remarks>
public sealed class KullbackLeiblerDivergence : FrequencyDistanceTest
{
    /// <summary>The test's name: <c>kl_div</c>.</summary>
    public const string TestName = "kl_div";

    /// <summary>Creates the test.</summary>
    /// <param name="threshold">The value at and above which the column drifted. The default is 0.1.</param>
    /// <param name="binning">How numeric columns are binned. The default is <see cref="BinningStrategy.Quantile"/>.</param>
    /// <param name="bins">The number of quantile bins. The default is 10.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public KullbackLeiblerDivergence(double threshold = 0.1, BinningStrategy binning = BinningStrategy.Quantile, int bins = 10)
        : base(threshold, binning, bins)
    {
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    protected override double Distance(double[] reference, double[] current) => FrequencyDistances.KullbackLeibler(reference, current);
}
