using System.Diagnostics;
using MLOps.DataVersioning;
using MLOps.Storage;
using MLOps.Testing;

namespace MLOps.Cli.Tests.Data;

/// <summary>
/// SIGKILL at arbitrary moments of <c>data commit</c>, <c>push</c> and <c>gc</c> in a real <c>mlops</c>
/// process: afterwards the workspace (and remote) verify, and the next commit, push or pull succeeds.
/// </summary>
public sealed class DataKillTests : IDisposable
{
    /// <summary>Kill points, as fractions of how long the same command takes when left alone.</summary>
    private static readonly double[] KillAt = [0.35, 0.65, 0.9];
    private readonly TempDirectory _folder = new("mlops-cli-datakill");

    public DataKillTests()
    {
        Source = _folder.Combine("src");
        var random = new Random(11);
        for (var i = 0; i < 12; i++)
        {
            var bytes = new byte[768 * 1024];
            random.NextBytes(bytes);
            Directory.CreateDirectory(Path.Combine(Source, $"d{i % 3}"));
            File.WriteAllBytes(Path.Combine(Source, $"d{i % 3}", $"f{i:D2}.bin"), bytes);
        }
    }

    private string Source { get; }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Killed_commits_leave_a_workspace_that_verifies_and_commits()
    {
        var full = await TimeAsync("data", "commit", Source, "--dataset", "k", "-m", "timed", "-w", _folder.Combine("ws-timed"));
        foreach (var delay in KillAt.Select(f => (int)(f * full)))
        {
            var workspace = _folder.Combine($"ws-commit-{delay}");
            await RunAndKillAsync(delay, "data", "commit", Source, "--dataset", "k", "-m", "killed", "-w", workspace);
            await AssertHealthyAsync(workspace);
            var commit = await CliRunner.RunAsync(["data", "commit", Source, "--dataset", "k", "-m", "after", "-w", workspace, "--json"]);
            Assert.True(commit.ExitCode == 0, commit.Error);
            var status = await CliRunner.RunAsync(["data", "status", Source, "--dataset", "k", "-w", workspace, "--json"]);
            Assert.True(status.Json.GetProperty("clean").GetBoolean(), $"not clean after a commit killed at {delay} ms");
        }
    }

    [Fact]
    public async Task Killed_pushes_resume_and_the_remote_pulls_cleanly()
    {
        var workspace = _folder.Combine("ws");
        Assert.Equal(0, (await CliRunner.RunAsync(["data", "commit", Source, "--dataset", "k", "-m", "v1", "-w", workspace])).ExitCode);
        var full = await TimeAsync("data", "push", "--remote", _folder.Combine("remote-timed"), "-w", workspace);
        foreach (var delay in KillAt.Select(f => (int)(f * full)))
        {
            var remote = _folder.Combine($"remote-{delay}");
            await RunAndKillAsync(delay, "data", "push", "--remote", remote, "-w", workspace);
            var push = await CliRunner.RunAsync(["data", "push", "--remote", remote, "-w", workspace, "--json"]);
            Assert.True(push.ExitCode == 0, push.Error);
            var clone = _folder.Combine($"clone-{delay}");
            var pull = await CliRunner.RunAsync(["data", "pull", "--remote", remote, "-w", clone, "--json"]);
            Assert.True(pull.ExitCode == 0, pull.Error);
            await AssertHealthyAsync(clone);
        }
    }

    [Fact]
    public async Task Killed_gc_leaves_every_ref_intact()
    {
        var timed = _folder.Combine("ws-gc-timed");
        Assert.Equal(0, (await CliRunner.RunAsync(["data", "commit", Source, "--dataset", "k", "-m", "v1", "-w", timed])).ExitCode);
        await MakeGarbageAsync(timed);
        var full = await TimeAsync("data", "gc", "--force", "--grace-minutes", "0", "-w", timed);
        foreach (var delay in KillAt.Select(f => (int)(f * full)))
        {
            var workspace = _folder.Combine($"ws-gc-{delay}");
            Assert.Equal(0, (await CliRunner.RunAsync(["data", "commit", Source, "--dataset", "k", "-m", "v1", "-w", workspace])).ExitCode);
            await MakeGarbageAsync(workspace);
            await RunAndKillAsync(delay, "data", "gc", "--force", "--grace-minutes", "0", "-w", workspace);
            await AssertHealthyAsync(workspace);
            var gc = await CliRunner.RunAsync(["data", "gc", "--force", "--grace-minutes", "0", "-w", workspace, "--json"]);
            Assert.True(gc.ExitCode == 0, gc.Error);
            await AssertHealthyAsync(workspace);
            var checkout = await CliRunner.RunAsync(["data", "checkout", "k", "--to", _folder.Combine($"out-{delay}"), "-w", workspace]);
            Assert.True(checkout.ExitCode == 0, checkout.Error);
        }
    }

    /// <summary>A second branch with its own files, then deleted: about half the objects become garbage.</summary>
    private async Task MakeGarbageAsync(string workspace)
    {
        var side = _folder.Combine($"side-{Guid.NewGuid():N}");
        var random = new Random(5);
        for (var i = 0; i < 12; i++)
        {
            var bytes = new byte[512 * 1024];
            random.NextBytes(bytes);
            Directory.CreateDirectory(side);
            File.WriteAllBytes(Path.Combine(side, $"s{i:D2}.bin"), bytes);
        }

        await using var ws = await MLOpsWorkspace.OpenAsync(workspace);
        var repository = await DataRepository.OpenAsync(ws);
        await repository.CreateBranchAsync("k", "side", "k");
        await repository.CommitAsync(side, "k", "side", new CommitOptions { Branch = "side" });
        await repository.DeleteBranchAsync("k", "side");
    }

    private static async Task AssertHealthyAsync(string workspace)
    {
        if (!File.Exists(Path.Combine(workspace, MLOpsWorkspace.DatabaseFileName)))
        {
            return; // killed before the workspace existed: nothing to check
        }

        var verify = await CliRunner.RunAsync(["data", "verify", "-w", workspace, "--json"]);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
    }

    /// <summary>Runs a command to completion in a process and returns how long it took, in milliseconds.</summary>
    private static async Task<double> TimeAsync(params string[] args)
    {
        var clock = Stopwatch.StartNew();
        await RunAndKillAsync(int.MaxValue, args);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task RunAndKillAsync(int delayMs, params string[] args)
    {
        using var process = MlopsProcess.Start(args);
        await process.WaitAsync(TimeSpan.FromMilliseconds(delayMs));
        process.Kill(); // SIGKILL on Unix
        await process.ResultAsync(TimeSpan.FromMinutes(2));
    }
}
