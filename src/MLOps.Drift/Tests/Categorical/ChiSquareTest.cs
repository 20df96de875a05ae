using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// Pearson's chi-square test of homogeneity (CLI name <c>chi_square</c>) on the 2×k table of reference
/// and current counts over the union of categories, without continuity correction: as
/// <c>scipy.stats.chi2_contingency(table, correction=False)</c>.
/// </summary>
/// <remarks>
/// Unseen categories are simply columns of the table; since every category of the union was seen in
/// one sample, no expected count is 0 (empty windows are rejected before), so the test never divides
/// by zero. With one category the table has 0 degrees of freedom: statistic 0, p = 1, as scipy.
/// Effect size: Cramér's V = √(χ²/N) (default minimum 0.05).
/// </remarks>
public sealed class ChiSquareTest : PValueDriftTest
{
    /// <summary>The test's name: <c>chi_square</c>.</summary>
    public const string TestName = "chi_square";

    /// <summary>Creates the test.</summary>
    /// <param name="alpha">The significance level. The default is 0.05.</param>
    /// <param name="minEffectSize">The smallest Cramér's V that counts as drift. The default is 0.05.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public ChiSquareTest(double alpha = 0.05, double minEffectSize = 0.05)
        : base(alpha, minEffectSize)
    {
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Categorical;

    /// <summary>Runs the test on two count vectors over the same categories.</summary>
    /// <param name="reference">The reference counts.</param>
    /// <param name="current">The current counts.</param>
    /// <returns>χ² and its p-value.</returns>
    /// <exception cref="ValidationException">The vectors differ in length, a count is negative, or a side is all zeros.</exception>
    public static StatisticalTestResult Compute(IReadOnlyList<long> reference, IReadOnlyList<long> current) =>
        HomogeneityTest.Compute(reference, current, TestName, logLikelihood: false);

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var table = ContingencyTable.From(reference, current);
        StatisticalTestResult result = Compute(table.Reference, table.Current);
        return Verdict(result, Math.Sqrt(result.Statistic / table.Total), table.Note());
    }
}
