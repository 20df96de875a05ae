using MLOps.Data;

namespace MLOps.Drift.Tests;

/// <summary>The inputs that break other drift libraries: non-finite values, constant columns, empty and tiny windows, ties, unseen categories, very large n.</summary>
public sealed class EdgeCaseTests
{
    private static readonly string[] NumericTests = ["ks", "anderson", "cramer_von_mises", "mann_whitney", "t_test", "wasserstein", "energy", "jensen_shannon", "psi", "kl_div", "hellinger", "tvd", "mmd"];

    private static readonly string[] CategoricalTests = ["chi_square", "g_test", "jensen_shannon", "psi", "kl_div", "hellinger", "tvd"];

    [Fact]
    public void Nan_and_infinities_are_dropped_counted_and_noted()
    {
        var sample = NumericSample.FromValues([1, double.NaN, 2, double.PositiveInfinity, 3, double.NegativeInfinity, double.NaN]);
        Assert.Equal(3, sample.Count);
        Assert.Equal(new MissingValueCounts(0, 2, 1, 1), sample.Missing);
        var result = new KolmogorovSmirnovTest().Evaluate(sample, NumericSample.FromValues([1, 2, 3]));
        Assert.Equal(0, result.Statistic);
        Assert.Contains("NaN 2", result.Notes, StringComparison.Ordinal);

        var column = Float64Column.FromNullable(1, null, double.NaN, 4);
        var fromColumn = NumericSample.FromColumn(column);
        Assert.Equal(new MissingValueCounts(1, 1, 0, 0), fromColumn.Missing);
    }

    [Fact]
    public void Missing_values_can_be_a_category_and_a_change_in_missingness_is_drift()
    {
        var reference = TestData.Batch(("x", new Float64Column(TestData.Normal(600))), ("s", StringColumn.FromValues([.. Enumerable.Range(0, 600).Select(i => i % 2 == 0 ? "a" : "b")])));
        var currentValues = TestData.Normal(600, seed: 9);
        for (var i = 0; i < 300; i++)
        {
            currentValues[i] = double.NaN;
        }

        var current = TestData.Batch(("x", new Float64Column(currentValues)), ("s", StringColumn.FromValues([.. Enumerable.Range(0, 600).Select(i => i % 3 == 0 ? null : i % 2 == 0 ? "a" : "b")])));
        var dropped = new DriftAnalyzer().Compare(reference, current);
        Assert.False(dropped.Columns[0].Drifted);
        Assert.Equal(300, dropped.Columns[0].CurrentMissing.NaN);
        Assert.False(dropped.Columns[1].Drifted);

        var asCategory = new DriftAnalyzer(new DriftOptions { MissingValues = MissingValuePolicy.Category }).Compare(reference, current);
        Assert.True(asCategory.Columns[0].Drifted);
        Assert.Contains("missingness", asCategory.Columns[0].Notes, StringComparison.Ordinal);
        Assert.True(asCategory.Columns[1].Drifted);
    }

    [Fact]
    public void Constant_columns_give_defined_results_for_every_test()
    {
        var same = NumericSample.FromValues(Enumerable.Repeat(3.0, 50).ToArray());
        var other = NumericSample.FromValues(Enumerable.Repeat(4.0, 40).ToArray());
        foreach (var name in NumericTests)
        {
            var test = DriftTestCatalog.Create(name);
            var equal = test.Evaluate(same, same);
            Assert.False(double.IsNaN(equal.Statistic), name);
            Assert.False(equal.PValue is { } p && double.IsNaN(p), name);
            Assert.False(equal.Drifted, $"{name} on two equal constants");
            var differ = test.Evaluate(same, other);
            Assert.False(double.IsNaN(differ.Statistic), name);
            Assert.False(differ.PValue is { } q && double.IsNaN(q), name);
        }

        Assert.True(new KolmogorovSmirnovTest().Evaluate(same, other).Drifted);
        Assert.True(new WelchTTest().Evaluate(same, other).Drifted);
    }

    [Fact]
    public void Empty_windows_are_clear_errors_naming_the_column_and_window()
    {
        var reference = TestData.Batch(("x", new Float64Column(TestData.Normal(20))));
        var current = TestData.Batch(("x", Float64Column.FromValues(double.NaN, double.NaN)));
        var error = Assert.Throws<ValidationException>(() => new DriftAnalyzer().Compare(reference, current));
        Assert.Contains("Column 'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("current window", error.Message, StringComparison.Ordinal);
        Assert.Contains("dropping 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => KolmogorovSmirnovTest.Compute([], [1.0]));
        Assert.Throws<ValidationException>(() => new ChiSquareTest().Evaluate(CategoricalSample.FromValues([]), CategoricalSample.FromValues(["a"])));
    }

    [Fact]
    public void Tiny_windows_are_tested_or_rejected_with_the_minimum_named()
    {
        var one = NumericSample.FromValues([1.0]);
        var two = NumericSample.FromValues([1.0, 2.0]);
        Assert.Equal(1.0, new KolmogorovSmirnovTest().Evaluate(one, NumericSample.FromValues([1.0])).PValue);
        Assert.InRange(new MannWhitneyUTest().Evaluate(one, two).PValue!.Value, 0, 1);
        var error = Assert.Throws<ValidationException>(() => new CramerVonMisesTest().Evaluate(one, two));
        Assert.Contains("at least 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => new AndersonDarlingTest().Evaluate(one, two));
        Assert.Throws<ValidationException>(() => new WelchTTest().Evaluate(one, two));
    }

    [Fact]
    public void Ties_use_average_ranks_and_switch_mann_whitney_to_the_corrected_normal_approximation()
    {
        double[] a = [1, 1, 2, 2, 3];
        double[] b = [2, 2, 3, 3, 4];
        var result = MannWhitneyUTest.Compute(a, b);
        Assert.Equal(PValueMethod.Asymptotic, result.Method);
        Assert.Equal(5, result.Statistic);
        Assert.Equal(PValueMethod.Exact, MannWhitneyUTest.Compute([1, 2, 3], [4, 5, 6]).Method);
    }

    [Fact]
    public void Unseen_and_vanished_categories_never_crash_any_categorical_test()
    {
        var reference = CategoricalSample.FromValues(["a", "a", "b", "c"]);
        var current = CategoricalSample.FromValues(["a", "d", "d", "e"]);
        foreach (var name in CategoricalTests)
        {
            var result = DriftTestCatalog.Create(name).Evaluate(reference, current);
            Assert.True(double.IsFinite(result.Statistic), name);
            Assert.Contains("not in the reference", result.Notes, StringComparison.Ordinal);
        }

        var binary = Assert.Throws<ValidationException>(() => new FisherExactTest().Evaluate(reference, current));
        Assert.Contains("chi_square", binary.Message, StringComparison.Ordinal);
        var single = new TwoProportionZTest().Evaluate(CategoricalSample.FromValues(["a", "a"]), CategoricalSample.FromValues(["a"]));
        Assert.Equal(1, single.PValue);
        Assert.Equal(1, new FisherExactTest().Evaluate(CategoricalSample.FromValues(["a", "a"]), CategoricalSample.FromValues(["a"])).PValue);
    }

    [Fact]
    public void Very_large_samples_need_an_effect_size_as_well_as_a_small_p_value()
    {
        var reference = NumericSample.FromValues(TestData.Normal(200_000, seed: 1));
        var current = NumericSample.FromValues(TestData.Normal(200_000, shift: 0.03, seed: 2));
        var ks = new KolmogorovSmirnovTest().Evaluate(reference, current);
        Assert.True(ks.PValue < 1e-6, $"p = {ks.PValue}");
        Assert.True(ks.EffectSize < 0.05);
        Assert.False(ks.Drifted);
        Assert.True(new KolmogorovSmirnovTest(minEffectSize: 0).Evaluate(reference, current).Drifted);
        Assert.False(new WelchTTest().Evaluate(reference, current).Drifted);
        Assert.False(new MannWhitneyUTest().Evaluate(reference, current).Drifted);
    }
}
