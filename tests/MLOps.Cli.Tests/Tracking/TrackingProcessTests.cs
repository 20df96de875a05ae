using System.Diagnostics;
using MLOps.Cli.Hosting;
using MLOps.Testing;
using MLOps.Tracking;

namespace MLOps.Cli.Tests.Tracking;

/// <summary>Real processes against one SQLite workspace: concurrent loggers, and a logger killed mid-run.</summary>
public sealed class TrackingProcessTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private string Workspace => _folder.Combine(".mlops");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Four_processes_logging_into_one_sqlite_workspace_store_every_point()
    {
        // Create the workspace and its tables first, as an app would, so the children race on writes.
        await using (await TrackingStore.OpenAsync(Workspace))
        {
        }

        var children = Enumerable.Range(0, 4).Select(i => Start("tracking", "stress-log", "-w", Workspace, "--keys", "5", "--steps", "400", "--flush-every", "50", "--param", "w" + i)).ToList();
        var results = await Task.WhenAll(children.Select(FinishAsync));
        foreach (var (exitCode, output, error) in results)
        {
            Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
            Assert.DoesNotContain("locked", error, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("done ", output, StringComparison.Ordinal);
        }

        await using var tracking = await TrackingStore.OpenAsync(Workspace);
        var runs = (await tracking.Runs.SearchAsync(new RunQuery { Experiments = ["stress"] })).Runs;
        Assert.Equal(4, runs.Count);
        Assert.Equal(["w0", "w1", "w2", "w3"], runs.Select(r => (string)r.Params["worker"].Value).Order(StringComparer.Ordinal));
        foreach (var run in runs)
        {
            Assert.Equal(RunStatus.Finished, run.Status);
            Assert.Equal(5, run.Metrics.Count);
            Assert.All(run.Metrics.Values, m => Assert.Equal(400, m.Count));
            Assert.Equal(400, (await tracking.Metrics.GetHistoryAsync(run.Id, "k3")).Points.Count);
        }
    }

    [Fact]
    public async Task A_process_killed_mid_run_leaves_a_readable_writable_store()
    {
        await using (await TrackingStore.OpenAsync(Workspace))
        {
        }

        var child = Start("tracking", "stress-log", "-w", Workspace, "--keys", "3", "--steps", "10000000", "--flush-every", "100");
        string? runId = null;
        var flushes = 0;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("started ", StringComparison.Ordinal))
            {
                runId = line["started ".Length..];
            }
            else if (line.StartsWith("flushed ", StringComparison.Ordinal) && ++flushes == 5)
            {
                break;
            }
        }

        // SIGKILL on Unix: no finally block, no dispose, no flush runs in the child.
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        Assert.NotNull(runId);

        await using var tracking = await TrackingStore.OpenAsync(Workspace);
        var run = await tracking.Runs.GetAsync(runId!);
        Assert.Equal(RunStatus.Running, run.Status);
        foreach (var summary in run.Metrics.Values)
        {
            // Every committed batch is whole: the summary and the stored history agree, and at least
            // the five acknowledged flushes of 100 steps are there.
            var history = await tracking.Metrics.GetHistoryAsync(run.Id, summary.Key);
            Assert.Equal(summary.Count, history.TotalPoints);
            Assert.True(summary.Count >= 500, $"{summary.Key} has {summary.Count} points");
            Assert.Equal(history.Points[^1].Step, summary.LastStep);
        }

        await using (var next = await tracking.StartRunAsync("after-kill"))
        {
            next.LogMetric("ok", 1);
        }

        Assert.Equal([runId], await tracking.Runs.SweepDeadRunsAsync(TimeSpan.Zero));
        Assert.Equal(RunStatus.Killed, (await tracking.Runs.GetAsync(runId!)).Status);
        await using var connection = await tracking.Workspace.OpenConnectionAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
    }

    private static Process Start(params string[] args)
    {
        var mlops = typeof(CliApplication).Assembly.Location;
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(mlops);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("Could not start " + mlops);
    }

    private static async Task<(int ExitCode, string Output, string Error)> FinishAsync(Process process)
    {
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
    }
}
