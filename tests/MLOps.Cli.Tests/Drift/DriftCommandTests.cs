using System.Globalization;
using System.Text;
using System.Text.Json;
using MLOps.Testing;

namespace MLOps.Cli.Tests.Drift;

public sealed class DriftCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-cli-drift");

    public void Dispose() => _folder.Dispose();

    private string WriteCsv(string name, int rows, double shift, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("amount,city,flag\n");
        for (var i = 0; i < rows; i++)
        {
            var u = 1.0 - random.NextDouble();
            var amount = shift + (Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
            csv.Append(amount.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append("c").Append(random.Next(4)).Append(',').Append(random.Next(2) == 0 ? "true" : "false").Append('\n');
        }

        var path = _folder.Combine(name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public async Task Drift_prints_the_documented_json_and_writes_the_html_report()
    {
        var reference = WriteCsv("ref.csv", 400, 0, 1);
        var current = WriteCsv("cur.csv", 300, 1.0, 2);
        var html = _folder.Combine("report.html");
        var result = await CliRunner.RunAsync("drift", "--reference", reference, "--current", current, "--test", "city=psi", "--correction", "bh", "--drift-share", "0.3", "--html", html, "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        var json = result.Json;
        Assert.True(json.GetProperty("dataset_drift").GetBoolean());
        var columns = json.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["amount", "city", "flag"], columns.Select(c => c.GetProperty("column").GetString()));
        Assert.Equal(["ks", "psi", "z_test"], columns.Select(c => c.GetProperty("test").GetString()));
        Assert.True(columns[0].GetProperty("drifted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, columns[1].GetProperty("p_value").ValueKind);
        Assert.Equal(JsonValueKind.Number, columns[2].GetProperty("p_value").ValueKind);
        Assert.Equal(0.05, columns[0].GetProperty("threshold").GetDouble());
        Assert.Contains("<svg", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_prints_a_table_without_json_and_honours_columns()
    {
        var reference = WriteCsv("ref.csv", 200, 0, 3);
        var result = await CliRunner.RunAsync("drift", "-r", reference, "-c", reference, "--columns", "amount");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Dataset drift: no", result.Output, StringComparison.Ordinal);
        Assert.Contains("amount", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("city", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_exit_one_with_one_line_naming_the_problem()
    {
        var reference = WriteCsv("ref.csv", 50, 0, 4);
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["drift", "-r", reference, "-c", _folder.Combine("missing.csv")], "does not exist"),
            (["drift", "-r", reference, "-c", reference, "--test", "amount=kss"], "no drift test 'kss'"),
            (["drift", "-r", reference, "-c", reference, "--correction", "holm"], "--correction 'holm'"),
            (["drift", "-r", reference, "-c", reference, "--test", "amount"], "COLUMN=TEST"),
            (["drift", "-r", reference, "-c", reference, "--test", "flag=fisher_exact", "--test", "city=fisher_exact"], "Column 'city'"),
            (["drift", "-c", reference], "--reference"),
        })
        {
            var result = await CliRunner.RunAsync(args);
            Assert.Equal(1, result.ExitCode);
            var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bench_reports_timings_as_json()
    {
        var result = await CliRunner.RunAsync("drift", "bench", "--rows", "2000", "--repeat", "1", "--report-columns", "3", "--report-rows", "500", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        var json = result.Json;
        Assert.Equal(2000, json.GetProperty("rows").GetInt32());
        foreach (var key in new[] { "ks_ms", "wasserstein_ms", "mann_whitney_ms", "cramer_von_mises_ms", "anderson_ms", "mmd_2000x16_100perm_ms", "report_3x500_ms" })
        {
            Assert.True(json.GetProperty(key).GetDouble() >= 0, key);
        }
    }
}
