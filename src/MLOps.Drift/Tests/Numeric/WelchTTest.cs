using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// Welch's t-test (CLI name <c>t_test</c>), as <c>scipy.stats.ttest_ind(equal_var=False)</c>: the
/// difference of means over √(s₁²/n₁ + s₂²/n₂), with Welch–Satterthwaite degrees of freedom.
/// </summary>
/// <remarks>
/// Defined where scipy is not: when both samples are constant and equal (scipy: t and p NaN) the result
/// is t = 0, p = 1; constant but different samples give t = ±∞, p = 0, as scipy. Effect size: Cohen's
/// d = |mean₁ − mean₂| / √((s₁² + s₂²)/2) (default minimum 0.1). Needs 2 values per sample.
/// </remarks>
public sealed class WelchTTest : PValueDriftTest
{
    /// <summary>The test's name: <c>t_test</c>.</summary>
    public const string TestName = "t_test";

    /// <summary>Creates the test.</summary>
    /// <param name="alpha">The significance level. The default is 0.05.</param>
    /// <param name="minEffectSize">The smallest Cohen's d that counts as drift. The default is 0.1.</param>
    /// <param name="alternative">The alternative hypothesis. The default is two-sided.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public WelchTTest(double alpha = 0.05, double minEffectSize = 0.1, Alternative alternative = Alternative.TwoSided)
        : base(alpha, minEffectSize)
    {
        Alternative = alternative;
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Numeric;

    /// <inheritdoc />
    public override int MinimumSampleSize => 2;

    /// <summary>The alternative hypothesis.</summary>
    public Alternative Alternative { get; }

    /// <summary>Runs the test on two samples of finite values.</summary>
    /// <param name="reference">scipy's <c>a</c>.</param>
    /// <param name="current">scipy's <c>b</c>.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <returns>t and its p-value.</returns>
    /// <exception cref="ValidationException">A sample has fewer than 2 values or holds a non-finite value.</exception>
    public static StatisticalTestResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Alternative alternative = Alternative.TwoSided)
    {
        var r = NumericSample.FromSorted(SampleInput.SortedFinite(reference, TestName, "reference"));
        var c = NumericSample.FromSorted(SampleInput.SortedFinite(current, TestName, "current"));
        return Compute(r, c, alternative);
    }

    /// <summary>Runs the test on two samples.</summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <returns>t and its p-value.</returns>
    /// <exception cref="ValidationException">A sample has fewer than 2 values.</exception>
    public static StatisticalTestResult Compute(NumericSample reference, NumericSample current, Alternative alternative = Alternative.TwoSided)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        SampleInput.RequireSize(reference.Count, 2, TestName, "reference");
        SampleInput.RequireSize(current.Count, 2, TestName, "current");
        double n1 = reference.Count, n2 = current.Count;
        double vn1 = reference.Variance / n1, vn2 = current.Variance / n2;
        double diff = reference.Mean - current.Mean;
        double denominator = Math.Sqrt(vn1 + vn2);
        if (denominator == 0)
        {
            if (diff == 0)
            {
                return new StatisticalTestResult(0, 1, PValueMethod.Exact);
            }

            double infinite = diff > 0 ? double.PositiveInfinity : double.NegativeInfinity;
            return new StatisticalTestResult(infinite, TailPValue(infinite, 1, alternative), PValueMethod.Exact);
        }

        double df = (vn1 + vn2) * (vn1 + vn2) / ((vn1 * vn1 / (n1 - 1)) + (vn2 * vn2 / (n2 - 1)));
        double t = diff / denominator;
        return new StatisticalTestResult(t, TailPValue(t, df, alternative), PValueMethod.Exact);
    }

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var r = (NumericSample)reference;
        var c = (NumericSample)current;
        StatisticalTestResult result = Compute(r, c, Alternative);
        double pooled = Math.Sqrt((r.Variance + c.Variance) / 2);
        double difference = Math.Abs(r.Mean - c.Mean);
        double effect = pooled > 0 ? difference / pooled : difference == 0 ? 0 : double.PositiveInfinity;
        string? notes = r.IsConstant && c.IsConstant && difference == 0 ? "both samples constant and equal: t defined as 0, p as 1" : null;
        return Verdict(result, effect, notes);
    }

    private static double TailPValue(double t, double df, Alternative alternative) => alternative switch
    {
        Alternative.Less => ProbabilityDistributions.StudentTSf(-t, df),
        Alternative.Greater => ProbabilityDistributions.StudentTSf(t, df),
        _ => Math.Min(1.0, 2 * ProbabilityDistributions.StudentTSf(Math.Abs(t), df)),
    };
}
