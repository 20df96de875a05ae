using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The Mann–Whitney U test (CLI name <c>mann_whitney</c>), as <c>scipy.stats.mannwhitneyu</c>: U of
/// the reference sample from average ranks; the p-value is exact when either sample has at most 8
/// values and there are no ties, otherwise the normal approximation with tie correction and
/// continuity correction (scipy's <c>method='auto'</c>, <c>use_continuity=True</c>).
/// </summary>
/// <remarks>
/// Effect size: the rank-biserial correlation |1 − 2U/(mn)| (default minimum 0.05). When every pooled
/// value is equal the tie-corrected variance is 0; the p-value is then 1 (no evidence), as scipy's.
/// Thread-safe; O(m + n) on sorted samples.
/// </remarks>
public sealed class MannWhitneyUTest : PValueDriftTest
{
    /// <summary>The test's name: <c>mann_whitney</c>.</summary>
    public const string TestName = "mann_whitney";

    /// <summary>Creates the test.</summary>
    /// <param name="alpha">The significance level. The default is 0.05.</param>
    /// <param name="minEffectSize">The smallest rank-biserial correlation that counts as drift. The default is 0.05.</param>
    /// <param name="alternative">The alternative hypothesis. The default is two-sided.</param>
    /// <param name="method">How to compute the p-value. The default is scipy's auto rule.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public MannWhitneyUTest(double alpha = 0.05, double minEffectSize = 0.05, Alternative alternative = Alternative.TwoSided, PValueMethod method = PValueMethod.Auto)
        : base(alpha, minEffectSize)
    {
        Require(method is PValueMethod.Auto or PValueMethod.Exact or PValueMethod.Asymptotic, $"The Mann-Whitney test's method must be auto, exact or asymptotic; it is {method}.");
        Alternative = alternative;
        Method = method;
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Numeric;

    /// <summary>The alternative hypothesis.</summary>
    public Alternative Alternative { get; }

    /// <summary>How the p-value is computed.</summary>
    public PValueMethod Method { get; }

    /// <summary>Runs the test on two samples of finite values (copied and sorted).</summary>
    /// <param name="reference">scipy's <c>x</c>.</param>
    /// <param name="current">scipy's <c>y</c>.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="method">How to compute the p-value.</param>
    /// <returns>U of the reference sample and the p-value.</returns>
    /// <exception cref="ValidationException">A sample is empty or holds a non-finite value.</exception>
    public static StatisticalTestResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Alternative alternative = Alternative.TwoSided, PValueMethod method = PValueMethod.Auto)
    {
        var (sortedReference, sortedCurrent) = SampleInput.SortedFinitePair(reference, current, TestName);
        return ComputeSorted(sortedReference, sortedCurrent, alternative, method);
    }

    /// <summary>Runs the test on two sorted samples (finite, not checked).</summary>
    /// <param name="reference">scipy's <c>x</c>, sorted.</param>
    /// <param name="current">scipy's <c>y</c>, sorted.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="method">How to compute the p-value.</param>
    /// <returns>U of the reference sample and the p-value.</returns>
    /// <exception cref="ValidationException">A sample is empty.</exception>
    public static StatisticalTestResult ComputeSorted(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Alternative alternative = Alternative.TwoSided, PValueMethod method = PValueMethod.Auto)
    {
        SampleInput.RequireSize(reference.Length, 1, TestName, "reference");
        SampleInput.RequireSize(current.Length, 1, TestName, "current");
        double n1 = reference.Length, n2 = current.Length;
        double rankSum = 0, tieTerm = 0;
        bool ties = false;
        var groups = new PooledRanks(reference, current);
        while (groups.MoveNext())
        {
            rankSum += groups.XCount * groups.AverageRank;
            double t = groups.Size;
            if (t > 1)
            {
                ties = true;
                tieTerm += (t * t * t) - t;
            }
        }

        double u1 = rankSum - (n1 * (n1 + 1) / 2);
        double u2 = (n1 * n2) - u1;
        double u = alternative switch
        {
            Alternative.Greater => u1,
            Alternative.Less => u2,
            _ => Math.Max(u1, u2),
        };

        if (method == PValueMethod.Auto)
        {
            method = (n1 > 8 && n2 > 8) || ties ? PValueMethod.Asymptotic : PValueMethod.Exact;
        }

        double p;
        if (method == PValueMethod.Exact)
        {
            p = MannWhitneyDistribution.Sf((long)u, reference.Length, current.Length);
        }
        else
        {
            double n = n1 + n2;
            double s = Math.Sqrt(n1 * n2 / 12 * ((n + 1) - (tieTerm / (n * (n - 1)))));
            double numerator = u - (n1 * n2 / 2) - 0.5;
            p = s > 0 ? ProbabilityDistributions.NormalSf(numerator / s) : numerator > 0 ? 0.0 : 1.0;
        }

        if (alternative == Alternative.TwoSided)
        {
            p *= 2;
        }

        return new StatisticalTestResult(u1, Math.Clamp(p, 0, 1), method);
    }

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var r = (NumericSample)reference;
        var c = (NumericSample)current;
        StatisticalTestResult result = ComputeSorted(r.Sorted, c.Sorted, Alternative, Method);
        double effect = Math.Abs(1 - (2 * result.Statistic / ((double)r.Count * c.Count)));
        return Verdict(result, effect);
    }
}
