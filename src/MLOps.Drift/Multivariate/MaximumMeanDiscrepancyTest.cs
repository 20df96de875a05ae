namespace MLOps.Drift;

/// <summary>
/// MMD² with an RBF kernel and a permutation p-value (CLI name <c>mmd</c>) on one numeric column; see
/// <see cref="MaximumMeanDiscrepancy"/> for several columns at once.
/// </summary>
/// <remarks>
/// Samples above <see cref="MmdOptions.MaxRowsPerSample"/> values are subsampled (seeded), so the cost
/// stays bounded on large columns. No effect size: the decision is p &lt; alpha. scipy has no MMD; the
/// tests check it against a direct O(n²) computation.
/// </remarks>
public sealed class MaximumMeanDiscrepancyTest : PValueDriftTest
{
    /// <summary>The test's name: <c>mmd</c>.</summary>
    public const string TestName = "mmd";

    private readonly MmdOptions _options;

    /// <summary>Creates the test.</summary>
    /// <param name="alpha">The significance level. The default is 0.05.</param>
    /// <param name="options">The permutation settings; the defaults when null.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public MaximumMeanDiscrepancyTest(double alpha = 0.05, MmdOptions? options = null)
        : base(alpha, 0)
    {
        _options = options ?? new MmdOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Numeric;

    /// <inheritdoc />
    public override int MinimumSampleSize => 2;

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var r = new MultivariateSample(((NumericSample)reference).Sorted.ToArray(), 1);
        var c = new MultivariateSample(((NumericSample)current).Sorted.ToArray(), 1);
        MmdResult result = MaximumMeanDiscrepancy.Test(r, c, _options);
        string note = FormattableString.Invariant($"RBF bandwidth {result.Bandwidth:G4}, {result.Permutations} permutations, {result.ReferenceCount} vs {result.CurrentCount} values");
        return Verdict(new StatisticalTestResult(result.Statistic, result.PValue, PValueMethod.Permutation), null, note);
    }
}
