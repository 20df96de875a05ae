using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The Wasserstein-1 (earth mover's) distance ∫ |F_ref − F_cur| dx (CLI name <c>wasserstein</c>), as
/// <c>scipy.stats.wasserstein_distance</c>; for drift it is normalised by the reference's standard
/// deviation (population, ddof 0), as Evidently's <c>wasserstein</c> test, so one threshold fits every
/// column's units.
/// </summary>
/// <remarks>
/// Defined where a plain ratio is not: when the reference is constant its standard deviation is 0, and
/// the distance is normalised by the pooled standard deviation instead (0 when both samples are the
/// same constant). The default threshold is 0.1. O(m + n) on sorted samples.
/// </remarks>
public sealed class WassersteinDistance : DistanceDriftTest
{
    /// <summary>The test's name: <c>wasserstein</c>.</summary>
    public const string TestName = "wasserstein";

    /// <summary>Creates the test.</summary>
    /// <param name="threshold">The normalised distance at and above which the column drifted. The default is 0.1.</param>
    /// <param name="normalize">Whether to divide by the reference's standard deviation. The default is true.</param>
    /// <exception cref="ValidationException">The threshold is out of range.</exception>
    public WassersteinDistance(double threshold = 0.1, bool normalize = true)
        : base(threshold)
    {
        Normalize = normalize;
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Numeric;

    /// <summary>Whether the distance is divided by the reference's standard deviation.</summary>
    public bool Normalize { get; }

    /// <summary>The raw Wasserstein-1 distance between two samples of finite values.</summary>
    /// <param name="reference">scipy's <c>u_values</c>.</param>
    /// <param name="current">scipy's <c>v_values</c>.</param>
    /// <returns>The distance.</returns>
    /// <exception cref="ValidationException">A sample is empty or holds a non-finite value.</exception>
    public static double Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var (sortedReference, sortedCurrent) = SampleInput.SortedFinitePair(reference, current, TestName);
        return ComputeSorted(sortedReference, sortedCurrent);
    }

    /// <summary>The raw Wasserstein-1 distance between two sorted samples (finite, not checked).</summary>
    /// <param name="reference">The first sample, sorted.</param>
    /// <param name="current">The second sample, sorted.</param>
    /// <returns>The distance.</returns>
    /// <exception cref="ValidationException">A sample is empty.</exception>
    public static double ComputeSorted(ReadOnlySpan<double> reference, ReadOnlySpan<double> current) => CdfDistance.Integrate(reference, current, TestName, squared: false);

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var r = (NumericSample)reference;
        var c = (NumericSample)current;
        double raw = ComputeSorted(r.Sorted, c.Sorted);
        if (!Normalize)
        {
            return Verdict(raw);
        }

        double scale = r.PopulationStandardDeviation;
        string scaleName = "reference std";
        if (scale == 0)
        {
            scale = PooledStandardDeviation(r, c);
            scaleName = "pooled std (the reference is constant)";
        }

        double normalized = scale > 0 ? raw / scale : 0;
        return Verdict(normalized, FormattableString.Invariant($"raw distance {raw:G6}, divided by {scaleName} {scale:G6}"));
    }

    private static double PooledStandardDeviation(NumericSample a, NumericSample b)
    {
        double n = a.Count + b.Count;
        double mean = ((a.Mean * a.Count) + (b.Mean * b.Count)) / n;
        double ss = (a.Variance * (a.Count - 1)) + (b.Variance * Math.Max(0, b.Count - 1))
            + (a.Count * (a.Mean - mean) * (a.Mean - mean)) + (b.Count * (b.Mean - mean) * (b.Mean - mean));
        return Math.Sqrt(ss / n);
    }
}
