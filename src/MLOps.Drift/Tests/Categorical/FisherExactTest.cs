namespace MLOps.Drift;

/// <summary>
/// Fisher's exact test on the 2×2 table of a two-category column (CLI name <c>fisher_exact</c>), as
/// <c>scipy.stats.fisher_exact</c> two-sided: the statistic is the sample odds ratio
/// (ref₁·cur₂)/(ref₂·cur₁) with categories in ordinal order, the p-value the total probability of the
/// tables (same margins, hypergeometric) no more likely than the observed one.
/// </summary>
/// <remarks>
/// "No more likely" allows a relative tolerance of 10⁻⁷ (R's choice) so that tables exactly as likely
/// as the observed one are counted despite rounding; scipy uses 10⁻¹⁴. Probabilities are built by the
/// ratio recurrence from the mode, so large counts keep full precision. Defined where scipy is not:
/// a single category (a zero margin) gives odds ratio 1 (scipy: NaN) and p = 1. A column with more than
/// two categories is rejected (use chi_square). Effect size: Cohen's h on the second category's shares
/// (default minimum 0.1).
/// </remarks>
public sealed class FisherExactTest : PValueDriftTest
{
    /// <summary>The test's name: <c>fisher_exact</c>.</summary>
    public const string TestName = "fisher_exact";

    private const double Tolerance = 1e-7;

    /// <summary>Creates the test.</summary>
    /// <param name="alpha">The significance level. The default is 0.05.</param>
    /// <param name="minEffectSize">The smallest Cohen's h that counts as drift. The default is 0.1.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public FisherExactTest(double alpha = 0.05, double minEffectSize = 0.1)
        : base(alpha, minEffectSize)
    {
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Categorical;

    /// <summary>Runs the test on the table [[a, b], [c, d]] (rows reference and current).</summary>
    /// <param name="a">Reference, first category.</param>
    /// <param name="b">Reference, second category.</param>
    /// <param name="c">Current, first category.</param>
    /// <param name="d">Current, second category.</param>
    /// <returns>The odds ratio and the two-sided p-value.</returns>
    /// <exception cref="ValidationException">A count is negative.</exception>
    public static StatisticalTestResult Compute(long a, long b, long c, long d)
    {
        if (a < 0 || b < 0 || c < 0 || d < 0)
        {
            throw new ValidationException($"Test '{TestName}': counts must not be negative ([[{a}, {b}], [{c}, {d}]]).");
        }

        if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0)
        {
            return new StatisticalTestResult(1, 1, PValueMethod.Exact);
        }

        double oddsRatio = b > 0 && c > 0 ? (double)a * d / ((double)b * c) : double.PositiveInfinity;
        long n1 = a + b, n2 = c + d, n = a + c;
        long low = Math.Max(0, n - n2), high = Math.Min(n, n1);
        long mode = (long)Math.Floor((double)(n + 1) * (n1 + 1) / (n1 + n2 + 2));
        mode = Math.Clamp(mode, low, high);
        var weights = new double[high - low + 1];
        weights[mode - low] = 1;
        for (long x = mode; x < high; x++)
        {
            weights[x + 1 - low] = weights[x - low] * ((double)(n1 - x) * (n - x) / ((double)(x + 1) * (n2 - n + x + 1)));
        }

        for (long x = mode; x > low; x--)
        {
            weights[x - 1 - low] = weights[x - low] * ((double)x * (n2 - n + x) / ((double)(n1 - x + 1) * (n - x + 1)));
        }

        double observed = weights[a - low] * (1 + Tolerance);
        double total = 0, tail = 0;
        foreach (double w in weights.Order())
        {
            total += w;
            if (w <= observed)
            {
                tail += w;
            }
        }

        return new StatisticalTestResult(oddsRatio, Math.Min(1.0, tail / total), PValueMethod.Exact);
    }

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var table = ContingencyTable.From(reference, current);
        if (table.Categories.Length > 2)
        {
            throw new ValidationException($"Test '{TestName}' needs a column with at most 2 categories; this one has {table.Categories.Length} ({string.Join(", ", table.Categories.Take(5))}…). Use chi_square.");
        }

        if (table.Categories.Length == 1)
        {
            return Verdict(new StatisticalTestResult(1, 1, PValueMethod.Exact), 0, "one category in both samples: odds ratio defined as 1, p as 1");
        }

        StatisticalTestResult result = Compute(table.Reference[0], table.Reference[1], table.Current[0], table.Current[1]);
        double h = CohensH(table.Reference[1] / table.ReferenceTotal, table.Current[1] / table.CurrentTotal);
        return Verdict(result, h, table.Note());
    }

    /// <summary>Cohen's h = |2 asin √p₁ − 2 asin √p₂|, the effect size of a difference in proportions.</summary>
    /// <param name="p1">The first proportion.</param>
    /// <param name="p2">The second proportion.</param>
    /// <returns>h, in [0, π].</returns>
    internal static double CohensH(double p1, double p2) => Math.Abs((2 * Math.Asin(Math.Sqrt(p1))) - (2 * Math.Asin(Math.Sqrt(p2))));
}
