using MLOps.Data;

namespace MLOps.Drift.Tests.Reports;

public sealed class DriftAnalyzerTests
{
    [Fact]
    public void Default_tests_follow_type_and_size()
    {
        var small = TestData.Batch(
            ("num", new Float64Column(TestData.Normal(500))),
            ("flag", BooleanColumn.FromValues([.. Enumerable.Range(0, 500).Select(i => i % 3 == 0)])),
            ("city", StringColumn.FromValues([.. Enumerable.Range(0, 500).Select(i => $"c{i % 4}")])),
            ("rating", Int64Column.FromValues([.. Enumerable.Range(0, 500).Select(i => (long)(i % 5))])));
        var report = new DriftAnalyzer().Compare(small, small);
        Assert.Equal(["ks", "z_test", "chi_square", "chi_square"], report.Columns.Select(c => c.Test));
        Assert.Equal(DriftColumnKind.Categorical, report.Columns[3].Kind);
        Assert.False(report.DatasetDrift);

        var large = TestData.Batch(
            ("num", new Float64Column(TestData.Normal(5000))),
            ("city", StringColumn.FromValues([.. Enumerable.Range(0, 5000).Select(i => $"c{i % 4}")])));
        Assert.Equal(["wasserstein", "jensen_shannon"], new DriftAnalyzer().Compare(large, large).Columns.Select(c => c.Test));
    }

    [Fact]
    public void Overrides_columns_and_dataset_share_are_honoured()
    {
        var reference = TestData.Batch(("a", new Float64Column(TestData.Normal(300))), ("b", new Float64Column(TestData.Normal(300, seed: 2))), ("c", new Float64Column(TestData.Normal(300, seed: 3))));
        var current = TestData.Batch(("a", new Float64Column(TestData.Normal(300, shift: 1, seed: 4))), ("b", new Float64Column(TestData.Normal(300, seed: 5))), ("c", new Float64Column(TestData.Normal(300, seed: 6))));
        var options = new DriftOptions { Columns = ["a", "b"], DatasetDriftShare = 0.5 };
        options.Tests["b"] = new MannWhitneyUTest();
        var report = new DriftAnalyzer(options).Compare(reference, current);
        Assert.Equal(["a", "b"], report.Columns.Select(c => c.Column));
        Assert.Equal("mann_whitney", report.Columns[1].Test);
        Assert.True(report.Columns[0].Drifted);
        Assert.False(report.Columns[1].Drifted);
        Assert.True(report.DatasetDrift);
        Assert.Equal(0.5, report.DriftedShare);

        options.DatasetDriftShare = 0.75;
        Assert.False(new DriftAnalyzer(options).Compare(reference, current).DatasetDrift);
    }

    [Fact]
    public void Bonferroni_and_benjamini_hochberg_adjust_like_the_textbook()
    {
        double[] p = [0.01, 0.04, 0.03, 0.2];
        Assert.Equal([0.04, 0.16, 0.12, 0.8], PValueAdjustment.Adjust(p, MultipleTestingCorrection.Bonferroni), new Tolerance());
        Assert.Equal([0.04, 0.0533333333333, 0.0533333333333, 0.2], PValueAdjustment.Adjust(p, MultipleTestingCorrection.BenjaminiHochberg), new Tolerance());
    }

    [Fact]
    public void Correction_changes_the_verdict_of_a_marginal_column()
    {
        var columns = Enumerable.Range(0, 10).Select(i => ($"x{i}", (Column)new Float64Column(TestData.Normal(400, seed: 10 + i)))).ToArray();
        var shifted = columns.Select((c, i) => (c.Item1, (Column)new Float64Column(TestData.Normal(400, shift: i == 0 ? 0.17 : 0, seed: 100 + i)))).ToArray();
        var reference = TestData.Batch(columns);
        var current = TestData.Batch(shifted);
        var plain = new DriftAnalyzer(new DriftOptions { Tests = { ["x0"] = new WelchTTest(minEffectSize: 0) } }).Compare(reference, current);
        var corrected = new DriftAnalyzer(new DriftOptions { Correction = MultipleTestingCorrection.Bonferroni, Tests = { ["x0"] = new WelchTTest(minEffectSize: 0) } }).Compare(reference, current);
        var p = plain.Columns[0].PValue!.Value;
        Assert.InRange(p, 0.005 / 10, 0.05);
        Assert.True(plain.Columns[0].Drifted);
        Assert.False(corrected.Columns[0].Drifted);
        Assert.Equal(Math.Min(1, p * 10), corrected.Columns[0].AdjustedPValue!.Value, 12);
    }

    [Fact]
    public void Missing_columns_and_unknown_tests_are_clear_errors()
    {
        var batch = TestData.Batch(("a", new Float64Column(TestData.Normal(10))));
        var missing = Assert.Throws<NotFoundException>(() => new DriftAnalyzer(new DriftOptions { Columns = ["zz"] }).Compare(batch, batch));
        Assert.Contains("'zz'", missing.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<NotFoundException>(() => DriftTestCatalog.Create("kss"));
        Assert.Contains("mann_whitney", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => new DriftAnalyzer(new DriftOptions { DatasetDriftShare = 0 }));
    }

    [Fact]
    public void The_catalog_has_every_cli_name()
    {
        string[] names = ["ks", "anderson", "cramer_von_mises", "mann_whitney", "t_test", "wasserstein", "energy", "jensen_shannon", "psi", "kl_div", "hellinger", "tvd", "chi_square", "g_test", "fisher_exact", "z_test", "mmd"];
        Assert.Equal(names.Order(StringComparer.Ordinal), DriftTestCatalog.Names);
        Assert.All(names, n => Assert.Equal(n, DriftTestCatalog.Create(n).Name));
    }

    [Fact]
    public void Report_json_has_the_documented_shape()
    {
        var reference = TestData.Batch(("a", new Float64Column(TestData.Normal(100))), ("s", StringColumn.FromValues([.. Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? "x" : "y")])));
        var report = new DriftAnalyzer(new DriftOptions { Tests = { ["a"] = new WassersteinDistance() } }).Compare(reference, reference);
        using var json = System.Text.Json.JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.False(root.GetProperty("dataset_drift").GetBoolean());
        var first = root.GetProperty("columns")[0];
        Assert.Equal("a", first.GetProperty("column").GetString());
        Assert.Equal("wasserstein", first.GetProperty("test").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("p_value").ValueKind);
        Assert.Equal(0, first.GetProperty("statistic").GetDouble());
        Assert.False(first.GetProperty("drifted").GetBoolean());
        Assert.Equal(0.1, first.GetProperty("threshold").GetDouble());
        Assert.Equal("z_test", root.GetProperty("columns")[1].GetProperty("test").GetString());
        Assert.Equal(1, root.GetProperty("columns")[1].GetProperty("p_value").GetDouble());
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
