using MLOps.Pipelines;
using MLOps.Storage;
using MLOps.Testing;

namespace MLOps.Cli.Tests.Pipelines;

/// <summary>The <c>mlops pipelines</c> commands over runs recorded by a <see cref="PipelineRunner"/>.</summary>
public sealed class PipelinesCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-cli-pipelines");

    private string Workspace => _folder.Combine("ws");

    public void Dispose() => _folder.Dispose();

    private async Task<(string Ok, string Failed)> RecordRunsAsync()
    {
        await using var workspace = await MLOpsWorkspace.OpenAsync(Workspace);
        await using var runner = await PipelineRunner.OpenAsync(workspace);
        var builder = new PipelineBuilder("train");
        var a = builder.Step("load", (ctx, ct) => ValueTask.FromResult(new[] { 1, 2, 3 }));
        builder.Step<int[], int>("fit", a, (xs, ctx, ct) => ValueTask.FromResult(xs.Sum()));
        var pipeline = builder.Build();
        var ok = await runner.RunAsync(pipeline);
        await runner.RunAsync(pipeline);

        var failing = new PipelineBuilder("broken");
        failing.Step<int>("boom", (ctx, ct) => throw new InvalidOperationException("no data"));
        var failed = await runner.RunAsync(failing.Build());
        return (ok.RunId, failed.RunId);
    }

    [Fact]
    public async Task Runs_lists_newest_first_and_filters_by_pipeline()
    {
        var (ok, failed) = await RecordRunsAsync();
        var all = await CliRunner.RunAsync("pipelines", "runs", "-w", Workspace, "--json");
        Assert.True(all.ExitCode == 0, all.Error);
        var runs = all.Json.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(3, runs.Count);
        Assert.Equal(failed, runs[0].GetProperty("id").GetString());
        Assert.Equal("failed", runs[0].GetProperty("status").GetString());
        Assert.Equal(ok, runs[2].GetProperty("id").GetString());
        Assert.Equal(2, runs[2].GetProperty("steps").GetInt32());
        Assert.Equal(0, runs[2].GetProperty("cached_steps").GetInt32());
        Assert.Equal(2, runs[1].GetProperty("cached_steps").GetInt32());
        Assert.True(runs[2].GetProperty("duration_ms").GetDouble() > 0);
        Assert.True(runs[2].TryGetProperty("started", out _));

        var train = await CliRunner.RunAsync("pipelines", "runs", "--pipeline", "train", "-w", Workspace, "--json");
        Assert.Equal(2, train.Json.GetProperty("runs").GetArrayLength());
        var human = await CliRunner.RunAsync("pipelines", "runs", "-w", Workspace);
        Assert.Contains("broken", human.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_prints_steps_and_unknown_runs_fail_clearly()
    {
        var (ok, failed) = await RecordRunsAsync();
        var shown = await CliRunner.RunAsync("pipelines", "show", ok, "-w", Workspace, "--json");
        Assert.True(shown.ExitCode == 0, shown.Error);
        var steps = shown.Json.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["load", "fit"], steps.Select(s => s.GetProperty("name").GetString()));
        Assert.All(steps, s => Assert.Equal("succeeded", s.GetProperty("state").GetString()));
        Assert.All(steps, s => Assert.Equal(64, s.GetProperty("output_hash").GetString()!.Length));
        Assert.All(steps, s => Assert.False(s.GetProperty("cache_hit").GetBoolean()));

        var broken = await CliRunner.RunAsync("pipelines", "show", failed, "-w", Workspace);
        Assert.Contains("no data", broken.Output, StringComparison.Ordinal);

        var missing = await CliRunner.RunAsync("pipelines", "show", "nope", "-w", Workspace, "--json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("No pipeline run 'nope'", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_reports_the_three_figures()
    {
        var bench = await CliRunner.RunAsync("pipelines", "bench", "--steps", "30", "--repetitions", "1", "--tracked-steps", "5", "-w", Workspace, "--json");
        Assert.True(bench.ExitCode == 0, bench.Error);
        Assert.True(bench.Json.GetProperty("per_step_us").GetDouble() > 0);
        Assert.True(bench.Json.GetProperty("cached_rerun_ms").GetDouble() > 0);
        Assert.True(bench.Json.GetProperty("tracked_per_step_us").GetDouble() > 0);
        Assert.Equal(30, bench.Json.GetProperty("steps").GetInt32());

        var bad = await CliRunner.RunAsync("pipelines", "bench", "--steps", "0", "-w", Workspace);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--steps", bad.Error, StringComparison.Ordinal);
    }
}
