using System.Text.Json;
using MLOps.Testing;
using MLOps.Tracking;

namespace MLOps.Cli.Tests.Tracking;

/// <summary>The tracking command groups, run in-process over a workspace filled through the library.</summary>
public sealed class TrackingCliTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private string Workspace => _folder.Combine(".mlops");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Runs_list_filters_orders_pages_and_prints_exact_json()
    {
        var (a, b, _) = await SeedAsync();
        var result = await CliRunner.RunAsync("runs", "list", "-w", Workspace, "--experiment", "churn", "--filter", "metrics.rmse < 0.5", "--order-by", "metrics.rmse ASC", "--max", "1", "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        var json = result.Json;
        var run = Assert.Single(json.GetProperty("runs").EnumerateArray());
        Assert.Equal(a, run.GetProperty("run_id").GetString());
        Assert.Equal("FINISHED", run.GetProperty("status").GetString());
        Assert.Equal("gbm", run.GetProperty("params").GetProperty("model").GetString());
        Assert.Equal(6, run.GetProperty("params").GetProperty("depth").GetInt64());
        Assert.Equal(0.25, run.GetProperty("metrics").GetProperty("rmse").GetProperty("last").GetDouble());
        Assert.Equal("dataset:churn@aaaaaaa", run.GetProperty("inputs")[0].GetProperty("reference").GetString());
        var token = json.GetProperty("next_page_token").GetString();
        Assert.NotNull(token);

        var next = await CliRunner.RunAsync("runs", "list", "-w", Workspace, "--experiment", "churn", "--filter", "metrics.rmse < 0.5", "--order-by", "metrics.rmse ASC", "--max", "1", "--page-token", token!, "--json");
        Assert.Equal(b, Assert.Single(next.Json.GetProperty("runs").EnumerateArray()).GetProperty("run_id").GetString());
        Assert.Equal(JsonValueKind.Null, next.Json.GetProperty("next_page_token").ValueKind);

        var table = await CliRunner.RunAsync("runs", "list", "-w", Workspace, "--order-by", "metrics.rmse");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("run_id", table.Output, StringComparison.Ordinal);
        Assert.Contains("rmse=0.25", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_show_compare_and_metrics_describe_runs()
    {
        var (a, b, failed) = await SeedAsync();
        var show = await CliRunner.RunAsync("runs", "show", a, "-w", Workspace, "--json");
        Assert.Equal(0, show.ExitCode);
        Assert.Equal("model.onnx", show.Json.GetProperty("artifacts")[0].GetProperty("path").GetString());
        Assert.Equal(5, show.Json.GetProperty("run").GetProperty("metrics").GetProperty("rmse").GetProperty("count").GetInt64());
        var human = await CliRunner.RunAsync("runs", "show", failed, "-w", Workspace);
        Assert.Contains("FAILED", human.Output, StringComparison.Ordinal);
        Assert.Contains("NaN", human.Output, StringComparison.Ordinal);

        var compare = await CliRunner.RunAsync("runs", "compare", a, b, "-w", Workspace, "--json");
        Assert.Equal(0, compare.ExitCode);
        Assert.Equal(["params.depth", "metrics.rmse"], compare.Json.GetProperty("differences").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(8, compare.Json.GetProperty("params").GetProperty("depth").GetProperty(b).GetInt64());
        var compareTable = await CliRunner.RunAsync("runs", "compare", a, b, "-w", Workspace);
        Assert.Contains("params.depth", compareTable.Output, StringComparison.Ordinal);

        var metrics = await CliRunner.RunAsync("runs", "metrics", a, "rmse", "--max-points", "3", "-w", Workspace, "--json");
        Assert.Equal(0, metrics.ExitCode);
        Assert.Equal(5, metrics.Json.GetProperty("total_points").GetInt64());
        Assert.Equal("lttb", metrics.Json.GetProperty("method").GetString());
        Assert.Equal([0L, 4L], metrics.Json.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt64()).Where(s => s is 0 or 4));
        Assert.Equal(3, metrics.Json.GetProperty("points").GetArrayLength());
        var nan = await CliRunner.RunAsync("runs", "metrics", failed, "rmse", "-w", Workspace, "--json");
        Assert.Equal("NaN", nan.Json.GetProperty("points")[0].GetProperty("value").GetString());
        var range = await CliRunner.RunAsync("runs", "metrics", a, "rmse", "--from-step", "1", "--to-step", "2", "-w", Workspace, "--json");
        Assert.Equal([1L, 2L], range.Json.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt64()));
        var minmax = await CliRunner.RunAsync("runs", "metrics", a, "rmse", "--max-points", "4", "--method", "minmax", "-w", Workspace);
        Assert.Contains("(minmax)", minmax.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Experiments_and_models_are_listed_shown_and_aliased()
    {
        var (a, b, _) = await SeedAsync();
        var experiments = await CliRunner.RunAsync("experiments", "list", "-w", Workspace, "--json");
        Assert.Equal(["churn"], experiments.Json.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));

        var alias = await CliRunner.RunAsync("models", "alias", "churn", "champion", "2", "-w", Workspace, "--json");
        Assert.Equal(0, alias.ExitCode);
        Assert.Equal(1, alias.Json.GetProperty("from_version").GetInt32());
        Assert.Equal(2, alias.Json.GetProperty("to_version").GetInt32());
        var again = await CliRunner.RunAsync("models", "alias", "churn", "champion", "2", "-w", Workspace);
        Assert.Contains("already points to version 2", again.Output, StringComparison.Ordinal);

        var list = await CliRunner.RunAsync("models", "list", "-w", Workspace, "--json");
        var model = Assert.Single(list.Json.GetProperty("models").EnumerateArray());
        Assert.Equal(2, model.GetProperty("latest_version").GetInt32());
        Assert.Equal(2, model.GetProperty("aliases").GetProperty("champion").GetInt32());

        var show = await CliRunner.RunAsync("models", "show", "churn", "-w", Workspace, "--json");
        var versions = show.Json.GetProperty("versions");
        Assert.Equal(a, versions[0].GetProperty("run_id").GetString());
        Assert.Equal(b, versions[1].GetProperty("run_id").GetString());
        Assert.Equal("champion", versions[1].GetProperty("aliases")[0].GetString());
        Assert.Equal("features", versions[0].GetProperty("signature").GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal(2, show.Json.GetProperty("alias_history").GetArrayLength());
        var human = await CliRunner.RunAsync("models", "show", "churn", "-w", Workspace);
        Assert.Contains("champion: 1 -> 2", human.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_exit_one_with_one_line_naming_the_problem()
    {
        await SeedAsync();
        var cases = new (string[] Args, string Expected)[]
        {
            (["runs", "show", new string('f', 32)], "does not exist"),
            (["runs", "show", "not-an-id"], "run id"),
            (["runs", "list", "--filter", "metrics.rmse <"], "position 14"),
            (["runs", "list", "--order-by", "metrics.rmse sideways"], "ASC, DESC"),
            (["runs", "list", "--experiment", "nope"], "'nope'"),
            (["runs", "list", "--max", "0"], "MaxResults"),
            (["runs", "metrics", new string('f', 32), "rmse"], "does not exist"),
            (["runs", "metrics", new string('f', 32), "rmse", "--from-step", "NaN"], "--from-step"),
            (["runs", "metrics", new string('f', 32), "rmse", "--max-points", "2"], "MaxPoints"),
            (["models", "show", "nope"], "'nope'"),
            (["models", "alias", "churn", "7", "1"], "version"),
            (["models", "alias", "churn", "champion", "9"], "no version 9"),
            (["tracking", "bench", "--runs", "0"], "--runs 0"),
            (["tracking", "bench", "--history-points", "-5"], "--history-points -5"),
            (["tracking", "sweep", "--timeout", "-1"], "--timeout"),
        };
        foreach (var (args, expected) in cases)
        {
            var result = await CliRunner.RunAsync([.. args, "-w", Workspace]);
            Assert.True(result.ExitCode == 1, $"{string.Join(' ', args)} exited {result.ExitCode}");
            var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("mlops: ", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
        }

        var missing = await CliRunner.RunAsync("runs", "list", "-w", _folder.Combine("missing"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no workspace", missing.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.Combine("missing")));
    }

    [Fact]
    public async Task Bench_prints_log_seconds_and_search_ms_and_sweep_reports_killed_runs()
    {
        var bench = await CliRunner.RunAsync("tracking", "bench", "-w", Workspace, "--runs", "2", "--metrics-per-run", "3", "--steps", "20", "--search-runs", "150", "--repeats", "2", "--history-points", "3000", "--json");
        Assert.True(bench.ExitCode == 0, bench.Error);
        var json = bench.Json;
        Assert.Equal(120, json.GetProperty("points").GetInt64());
        Assert.True(json.GetProperty("log_seconds").GetDouble() > 0);
        Assert.True(json.GetProperty("search_ms").GetDouble() > 0);
        Assert.InRange(json.GetProperty("search_page_runs").GetInt32(), 1, 100);
        Assert.Equal("sqlite", json.GetProperty("backend").GetString());
        Assert.Equal(1000, json.GetProperty("history_returned").GetInt32());
        Assert.True(json.GetProperty("history_ms").GetDouble() > 0);

        // The search data is reused by the next bench of the same size.
        var again = await CliRunner.RunAsync("tracking", "bench", "-w", Workspace, "--runs", "1", "--metrics-per-run", "1", "--steps", "1", "--search-runs", "150", "--repeats", "1", "--history-points", "0", "--json");
        Assert.Equal(JsonValueKind.Null, again.Json.GetProperty("import_seconds").ValueKind);
        var human = await CliRunner.RunAsync("tracking", "bench", "-w", Workspace, "--runs", "1", "--metrics-per-run", "1", "--steps", "1", "--search-runs", "0", "--history-points", "0");
        Assert.Contains("logged and flushed", human.Output, StringComparison.Ordinal);

        await using (var tracking = await TrackingStore.OpenAsync(Workspace))
        {
            var run = await tracking.StartRunAsync("abandoned");
            _ = run;
        }

        var sweep = await CliRunner.RunAsync("tracking", "sweep", "--timeout", "0", "-w", Workspace, "--json");
        Assert.Equal(1, sweep.Json.GetProperty("killed").GetArrayLength());
        var none = await CliRunner.RunAsync("tracking", "sweep", "-w", Workspace);
        Assert.Contains("0 runs marked KILLED", none.Output, StringComparison.Ordinal);
    }

    /// <summary>Two finished runs (a better than b) and a failed one, a model with versions from a and b.</summary>
    private async Task<(string A, string B, string Failed)> SeedAsync()
    {
        await using var tracking = await TrackingStore.OpenAsync(Workspace);
        async Task<string> TrainAsync(string name, long depth, double rmse)
        {
            await using var run = await tracking.StartRunAsync("churn", name);
            await run.LogParamsAsync(new Dictionary<string, ParamValue> { ["model"] = "gbm", ["depth"] = depth });
            for (var step = 0; step < 5; step++)
            {
                run.LogMetric("rmse", rmse + ((4 - step) * 0.1), step);
            }

            await run.LogInputAsync(new MLOps.Lineage.DatasetReference("churn", "aaaaaaa"));
            await run.LogArtifactAsync("model.onnx", new MemoryStream([(byte)depth]));
            return run.Id;
        }

        var a = await TrainAsync("a", 6, 0.25);
        var b = await TrainAsync("b", 8, 0.45);
        string? failed = null;
        await Assert.ThrowsAsync<InvalidOperationException>(() => tracking.RunAsync("churn", "broken", (run, _) =>
        {
            failed = run.Id;
            run.LogMetric("rmse", double.NaN);
            throw new InvalidOperationException("diverged");
        }));
        var signature = new ModelSignature([new TensorSpec("features", MLOps.Tensors.TensorElementType.Float32, [-1, 3])], [new TensorSpec("score", MLOps.Tensors.TensorElementType.Float32, [-1])]);
        await tracking.Models.RegisterVersionAsync("churn", new ModelVersionRegistration { RunId = a, ArtifactPath = "model.onnx", Signature = signature });
        await tracking.Models.RegisterVersionAsync("churn", b, "model.onnx");
        await tracking.Models.SetAliasAsync("churn", "champion", 1);
        return (a, b, failed!);
    }
}
