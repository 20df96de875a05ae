using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The energy distance √(2 ∫ (F_ref − F_cur)² dx) (CLI name <c>energy</c>), as
/// <c>scipy.stats.energy_distance</c>. In the data's units; the default threshold is 0.1.
/// </summary>
/// <remarks>O(m + n) on sorted samples. Constant samples are well defined (the distance of two point masses is √(2|a − b|)).</remarks>
public sealed class EnergyDistance : DistanceDriftTest
{
    /// <summary>The test's name: <c>energy</c>.</summary>
    public const string TestName = "energy";

    /// <summary>Creates the test.</summary>
    /// <param name="threshold">The distance at and above which the column drifted. The default is 0.1.</param>
    /// <exception cref="ValidationException">The threshold is out of range.</exception>
    public EnergyDistance(double threshold = 0.1)
        : base(threshold)
    {
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Numeric;

    /// <summary>The energy distance between two samples of finite values.</summary>
    /// <param name="reference">scipy's <c>u_values</c>.</param>
    /// <param name="current">scipy's <c>v_values</c>.</param>
    /// <returns>The distance.</returns>
    /// <exception cref="ValidationException">A sample is empty or holds a non-finite value.</exception>
    public static double Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var (sortedReference, sortedCurrent) = SampleInput.SortedFinitePair(reference, current, TestName);
        return ComputeSorted(sortedReference, sortedCurrent);
    }

    /// <summary>The energy distance between two sorted samples (finite, not checked).</summary>
    /// <param name="reference">The first sample, sorted.</param>
    /// <param name="current">The second sample, sorted.</param>
    /// <returns>The distance.</returns>
    /// <exception cref="ValidationException">A sample is empty.</exception>
    public static double ComputeSorted(ReadOnlySpan<double> reference, ReadOnlySpan<double> current) =>
        Math.Sqrt(2) * Math.Sqrt(CdfDistance.Integrate(reference, current, TestName, squared: true));

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current) =>
        Verdict(ComputeSorted(((NumericSample)reference).Sorted, ((NumericSample)current).Sorted));
}
