using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The two-proportion z-test with pooled variance (CLI name <c>z_test</c>) for a two-category column:
/// z = (p_ref − p_cur)/√(p(1 − p)(1/n_ref + 1/n_cur)), p the pooled share, where the shares are of the
/// second category in ordinal order (<c>true</c> for booleans, <c>1</c> for 0/1); the p-value is
/// two-sided from the normal distribution. (scipy has no such function; the fixtures compute the
/// formula with <c>scipy.stats.norm.sf</c>.)
/// </summary>
/// <remarks>
/// Defined where the formula is not: one category in both samples (pooled share 0 or 1) gives z = 0,
/// p = 1. More than two categories are rejected (use chi_square). Effect size: Cohen's h (default
/// minimum 0.1).
/// </remarks>
public sealed class TwoProportionZTest : PValueDriftTest
{
    /// <summary>The test's name: <c>z_test</c>.</summary>
    public const string TestName = "z_test";

    /// <summary>Creates the test.</summary>
    /// <param name="alpha">The significance level. The default is 0.05.</param>
    /// <param name="minEffectSize">The smallest Cohen's h that counts as drift. The default is 0.1.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public TwoProportionZTest(double alpha = 0.05, double minEffectSize = 0.1)
        : base(alpha, minEffectSize)
    {
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Categorical;

    /// <summary>Runs the test on success counts.</summary>
    /// <param name="referenceSuccesses">Successes in the reference.</param>
    /// <param name="referenceTotal">The reference size.</param>
    /// <param name="currentSuccesses">Successes in the current sample.</param>
    /// <param name="currentTotal">The current size.</param>
    /// <returns>z and the two-sided p-value.</returns>
    /// <exception cref="ValidationException">A size is not positive or a count is out of range.</exception>
    public static StatisticalTestResult Compute(long referenceSuccesses, long referenceTotal, long currentSuccesses, long currentTotal)
    {
        if (referenceTotal <= 0 || currentTotal <= 0 || referenceSuccesses < 0 || currentSuccesses < 0 || referenceSuccesses > referenceTotal || currentSuccesses > currentTotal)
        {
            throw new ValidationException($"Test '{TestName}': counts {referenceSuccesses}/{referenceTotal} and {currentSuccesses}/{currentTotal} are not valid proportions.");
        }

        double p1 = (double)referenceSuccesses / referenceTotal;
        double p2 = (double)currentSuccesses / currentTotal;
        double p = (double)(referenceSuccesses + currentSuccesses) / (referenceTotal + currentTotal);
        double variance = p * (1 - p) * ((1.0 / referenceTotal) + (1.0 / currentTotal));
        if (variance == 0)
        {
            return new StatisticalTestResult(0, 1, PValueMethod.Asymptotic);
        }

        double z = (p1 - p2) / Math.Sqrt(variance);
        return new StatisticalTestResult(z, Math.Min(1.0, 2 * ProbabilityDistributions.NormalSf(Math.Abs(z))), PValueMethod.Asymptotic);
    }

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var table = ContingencyTable.From(reference, current);
        if (table.Categories.Length > 2)
        {
            throw new ValidationException($"Test '{TestName}' needs a column with at most 2 categories; this one has {table.Categories.Length}. Use chi_square.");
        }

        int last = table.Categories.Length - 1;
        StatisticalTestResult result = Compute(table.Reference[last], (long)table.ReferenceTotal, table.Current[last], (long)table.CurrentTotal);
        double h = FisherExactTest.CohensH(table.Reference[last] / table.ReferenceTotal, table.Current[last] / table.CurrentTotal);
        string? note = table.Categories.Length == 1 ? "one category in both samples: z defined as 0, p as 1" : table.Note();
        return Verdict(result, h, note);
    }
}
