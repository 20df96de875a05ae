namespace MLOps.Drift;

/// <summary>
/// The G-test (log-likelihood ratio) of homogeneity (CLI name <c>g_test</c>): G = 2 Σ O ln(O/E) on the
/// 2×k table over the union of categories, as <c>scipy.stats.chi2_contingency(table, correction=False,
/// lambda_="log-likelihood")</c>. Empty cells contribute 0.
/// </summary>
/// <remarks>Effect size: √(G/N), the analogue of Cramér's V (default minimum 0.05). One category: G = 0, p = 1.</remarks>
public sealed class GTest : PValueDriftTest
{
    /// <summary>The test's name: <c>g_test</c>.</summary>
    public const string TestName = "g_test";

    /// <summary>Creates the test.</summary>
    /// <param name="alpha">The significance level. The default is 0.05.</param>
    /// <param name="minEffectSize">The smallest √(G/N) that counts as drift. The default is 0.05.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public GTest(double alpha = 0.05, double minEffectSize = 0.05)
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
    /// <returns>G and its p-value.</returns>
    /// <exception cref="ValidationException">The vectors differ in length, a count is negative, or a side is all zeros.</exception>
    public static StatisticalTestResult Compute(IReadOnlyList<long> reference, IReadOnlyList<long> current) =>
        HomogeneityTest.Compute(reference, current, TestName, logLikelihood: true);

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var table = ContingencyTable.From(reference, current);
        StatisticalTestResult result = Compute(table.Reference, table.Current);
        return Verdict(result, Math.Sqrt(result.Statistic / table.Total), table.Note());
    }
}
