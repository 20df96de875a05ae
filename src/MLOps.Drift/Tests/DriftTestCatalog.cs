namespace MLOps.Drift;

/// <summary>
/// The drift tests by their CLI names, with default settings: <c>ks</c>, <c>anderson</c>,
/// <c>cramer_von_mises</c>, <c>mann_whitney</c>, <c>t_test</c>, <c>wasserstein</c>, <c>energy</c>,
/// <c>jensen_shannon</c>, <c>psi</c>, <c>kl_div</c>, <c>hellinger</c>, <c>tvd</c>, <c>chi_square</c>,
/// <c>g_test</c>, <c>fisher_exact</c>, <c>z_test</c>, <c>mmd</c>.
/// </summary>
public static class DriftTestCatalog
{
    private static readonly Dictionary<string, Func<DriftTest>> Factories = new(StringComparer.Ordinal)
    {
        [KolmogorovSmirnovTest.TestName] = () => new KolmogorovSmirnovTest(),
        [AndersonDarlingTest.TestName] = () => new AndersonDarlingTest(),
        [CramerVonMisesTest.TestName] = () => new CramerVonMisesTest(),
        [MannWhitneyUTest.TestName] = () => new MannWhitneyUTest(),
        [WelchTTest.TestName] = () => new WelchTTest(),
        [WassersteinDistance.TestName] = () => new WassersteinDistance(),
        [EnergyDistance.TestName] = () => new EnergyDistance(),
        [JensenShannonDistance.TestName] = () => new JensenShannonDistance(),
        [PopulationStabilityIndex.TestName] = () => new PopulationStabilityIndex(),
        [KullbackLeiblerDivergence.TestName] = () => new KullbackLeiblerDivergence(),
        [HellingerDistance.TestName] = () => new HellingerDistance(),
        [TotalVariationDistance.TestName] = () => new TotalVariationDistance(),
        [ChiSquareTest.TestName] = () => new ChiSquareTest(),
        [GTest.TestName] = () => new GTest(),
        [FisherExactTest.TestName] = () => new FisherExactTest(),
        [TwoProportionZTest.TestName] = () => new TwoProportionZTest(),
        [MaximumMeanDiscrepancyTest.TestName] = () => new MaximumMeanDiscrepancyTest(),
    };

    /// <summary>Every test name, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Creates a test with its default settings.</summary>
    /// <param name="name">The test's name, such as <c>ks</c>.</param>
    /// <returns>The test.</returns>
    /// <exception cref="NotFoundException">No test has that name; the message lists the names there are.</exception>
    public static DriftTest Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new NotFoundException($"There is no drift test '{name}'; the tests are {string.Join(", ", Names)}.");
    }
}
