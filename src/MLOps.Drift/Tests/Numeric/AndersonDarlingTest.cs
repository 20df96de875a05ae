using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The k-sample Anderson–Darling test for two samples (CLI name <c>anderson</c>), as
/// <c>scipy.stats.anderson_ksamp(midrank=True)</c>: A²akN of Scholz &amp; Stephens (1987, eq. 7, the
/// version for ties), standardised by its exact mean (k − 1) and variance.
/// </summary>
/// <remarks>
/// <para>
/// The p-value is interpolated, as scipy does, from Scholz &amp; Stephens' table of critical values at
/// significance levels 0.25, 0.1, 0.05, 0.025, 0.01, 0.005 and 0.001, each critical value being
/// b0 + b1/√m + b2/m with m = k − 1 (their Table 3 coefficients): a quadratic fitted by least squares
/// to ln(level) against the critical values is evaluated at the statistic. Beyond the table the
/// p-value is capped at 0.25 and floored at 0.001, exactly where scipy caps it; the result's notes
/// say so. It is an approximation (scipy's too), but it agrees with scipy's to rounding.
/// </para>
/// <para>
/// Defined where scipy is not: when every pooled value is equal the statistic is 0/0 (scipy: NaN);
/// here the statistic is reported as 0 with the capped p-value 0.25 and a note. Needs at least 4
/// pooled values (the variance formula divides by (N−1)(N−2)(N−3)).
/// Effect size: the KS distance D (default minimum 0.05).
/// </para>
/// </remarks>
public sealed class AndersonDarlingTest : PValueDriftTest
{
    /// <summary>The test's name: <c>anderson</c>.</summary>
    public const string TestName = "anderson";

    private static readonly double[] Levels = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
    private static readonly double[] B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
    private static readonly double[] B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
    private static readonly double[] B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

    /// <summary>Creates the test.</summary>
    /// <param name="alpha">The significance level, inside the table's range [0.001, 0.25]. The default is 0.05.</param>
    /// <param name="minEffectSize">The smallest KS distance that counts as drift. The default is 0.05.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public AndersonDarlingTest(double alpha = 0.05, double minEffectSize = 0.05)
        : base(alpha, minEffectSize)
    {
        Require(alpha > 0.001 && alpha <= 0.25, $"The Anderson-Darling p-value is interpolated between 0.001 and 0.25, so alpha must be in (0.001, 0.25]; it is {alpha}.");
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Numeric;

    /// <inheritdoc />
    public override int MinimumSampleSize => 2;

    /// <summary>Runs the test on two samples of finite values (copied and sorted).</summary>
    /// <param name="reference">The first sample.</param>
    /// <param name="current">The second sample.</param>
    /// <returns>The standardised statistic and the interpolated p-value.</returns>
    /// <exception cref="ValidationException">There are fewer than 4 values in all, a sample is empty, or a value is not finite.</exception>
    public static StatisticalTestResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var (sortedReference, sortedCurrent) = SampleInput.SortedFinitePair(reference, current, TestName);
        return ComputeSorted(sortedReference, sortedCurrent);
    }

    /// <summary>Runs the test on two sorted samples (finite, not checked).</summary>
    /// <param name="reference">The first sample, sorted.</param>
    /// <param name="current">The second sample, sorted.</param>
    /// <returns>The standardised statistic and the interpolated p-value.</returns>
    /// <exception cref="ValidationException">There are fewer than 4 values in all, or a sample is empty.</exception>
    public static StatisticalTestResult ComputeSorted(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        SampleInput.RequireSize(reference.Length, 1, TestName, "reference");
        SampleInput.RequireSize(current.Length, 1, TestName, "current");
        double n1 = reference.Length, n2 = current.Length, total = n1 + n2;
        if (total < 4)
        {
            throw new ValidationException($"Test '{TestName}' needs at least 4 values in the two samples together; it has {total}.");
        }

        bool degenerate = false;
        var groups = new PooledRanks(reference, current);
        var sumX = default(CompensatedSum);
        var sumY = default(CompensatedSum);
        while (groups.MoveNext())
        {
            double l = groups.Size;
            double b = groups.Before + (l / 2);
            double denominator = (b * (total - b)) - (total * l / 4);
            if (denominator <= 0)
            {
                degenerate = true;
                break;
            }

            double mx = groups.XBefore + (groups.XCount / 2.0);
            double my = groups.YBefore + (groups.YCount / 2.0);
            double dx = (total * mx) - (b * n1);
            double dy = (total * my) - (b * n2);
            sumX.Add(l / total * dx * dx / denominator);
            sumY.Add(l / total * dy * dy / denominator);
        }

        const int k = 2;
        if (degenerate)
        {
            // Every pooled value is equal: no evidence against the null.
            return new StatisticalTestResult(0, Levels[0], PValueMethod.Interpolated);
        }

        double a2 = ((sumX.Value / n1) + (sumY.Value / n2)) * (total - 1) / total;
        double g = 0, hsCumulative = 0;

        // h = Σ_{i=1}^{N-1} 1/i; g = Σ_{i=1}^{N-2} Σ_{j=i+1}^{N-1} 1/((N-i) j).
        for (double i = total - 1; i > 1; i--)
        {
            hsCumulative += 1 / i;
            g += hsCumulative / (total - i + 1);
        }

        double h = hsCumulative + 1;
        double hH = (1 / n1) + (1 / n2);
        double a = ((((4 * g) - 6) * (k - 1)) + ((10 - (6 * g)) * hH));
        double bb = ((((2 * g) - 4) * k * k) + (8 * h * k) + ((((2 * g) - (14 * h)) - 4) * hH) - (8 * h) + (4 * g) - 6);
        double c = ((((6 * h) + (2 * g)) - 2) * k * k) + ((((4 * h) - (4 * g)) + 6) * k) + (((2 * h) - 6) * hH) + (4 * h);
        double d = (((2 * h) + 6) * k * k) - (4 * h * k);
        double sigmaSquared = ((a * total * total * total) + (bb * total * total) + (c * total) + d) / ((total - 1) * (total - 2) * (total - 3));
        const int m = k - 1;
        double statistic = (a2 - m) / Math.Sqrt(sigmaSquared);
        return new StatisticalTestResult(statistic, InterpolatePValue(statistic, m), PValueMethod.Interpolated);
    }

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var r = (NumericSample)reference;
        var c = (NumericSample)current;
        StatisticalTestResult result = ComputeSorted(r.Sorted, c.Sorted);
        var (plus, minus) = KolmogorovSmirnovTest.Statistics(r.Sorted, c.Sorted);
        string? notes = result.PValue >= Levels[0] ? "p-value capped at 0.25 (table limit)"
            : result.PValue <= Levels[^1] ? "p-value floored at 0.001 (table limit)"
            : null;
        if (r.IsConstant && c.IsConstant && r.Min == c.Min)
        {
            notes = "every value is equal: statistic defined as 0, p-value 0.25 (capped)";
        }

        return Verdict(result, Math.Max(plus, minus), notes);
    }

    private static double InterpolatePValue(double statistic, int m)
    {
        var critical = new double[Levels.Length];
        for (int i = 0; i < critical.Length; i++)
        {
            critical[i] = B0[i] + (B1[i] / Math.Sqrt(m)) + (B2[i] / m);
        }

        if (statistic < critical.Min())
        {
            return Levels.Max();
        }

        if (statistic > critical.Max())
        {
            return Levels.Min();
        }

        var logLevels = Levels.Select(level => Math.Log(level)).ToArray();
        double[] coefficients = LeastSquares.FitPolynomial(critical, logLevels, 2);
        return Math.Exp(coefficients[0] + (statistic * (coefficients[1] + (statistic * coefficients[2]))));
    }
}
