using System.Collections.Concurrent;
using MLOps.Testing;

namespace MLOps.Pipelines.Tests.Execution;

/// <summary>Execution, caching and resume on every backend.</summary>
public abstract class PipelineRunnerContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Runs_a_diamond_in_parallel_and_reports_every_step()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace, new PipelineRunnerOptions { MaxParallelism = 4 });
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        async ValueTask<int> Branch(int v, int add)
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                bothStarted.SetResult();
            }

            await bothStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return v + add;
        }

        var builder = new PipelineBuilder("diamond");
        var n = builder.Parameter("n", 10);
        var source = builder.Step<int, int>("source", n, (v, ctx, ct) => ValueTask.FromResult(v));
        var left = builder.Step<int, int>("left", source, (v, ctx, ct) => Branch(v, 1));
        var right = builder.Step<int, int>("right", source, (v, ctx, ct) => Branch(v, 2));
        var sum = builder.Step<int, int, int>("sum", left, right, (a, b, ctx, ct) => ValueTask.FromResult(a + b));
        var result = await runner.RunAsync(builder.Build());

        Assert.Equal(PipelineRunStatus.Succeeded, result.Status);
        Assert.Equal(23, result.GetOutput(sum));
        Assert.All(result.Steps, s => Assert.Equal(StepState.Succeeded, s.State));
        Assert.All(result.Steps, s => Assert.Equal(1, s.Attempts));
        Assert.All(result.Steps, s => Assert.NotNull(s.OutputHash));

        var recorded = await runner.GetRunAsync(result.RunId);
        Assert.Equal(PipelineRunStatus.Succeeded, recorded.Status);
        Assert.Equal(result.Steps.Select(s => (s.Name, s.State, s.OutputHash)), recorded.Steps.Select(s => (s.Name, s.State, s.OutputHash)));
        Assert.Single(await runner.ListRunsAsync("diamond"));
        Assert.Empty(await runner.ListRunsAsync("other"));
    }

    [SkippableFact]
    public async Task A_failed_step_skips_its_dependents_and_retries_count_attempts()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace);
        var flakyCalls = 0;
        var builder = new PipelineBuilder("failing");
        var flaky = builder.Step("flaky", (ctx, ct) =>
        {
            Interlocked.Increment(ref flakyCalls);
            return ctx.Attempt < 3 ? throw new IOException("transient") : ValueTask.FromResult(ctx.Attempt);
        }, o => { o.Retry.MaxRetries = 2; o.Retry.Delay = TimeSpan.FromMilliseconds(1); });
        var broken = builder.Step<int, int>("broken", flaky, (v, ctx, ct) => throw new InvalidDataException("bad input row 7"), o => { o.Retry.MaxRetries = 3; o.Retry.ShouldRetry = e => e is IOException; });
        builder.Step<int, int>("after", broken, (v, ctx, ct) => ValueTask.FromResult(v));
        builder.Step<int, int>("independent", flaky, (v, ctx, ct) => ValueTask.FromResult(v + 1));
        var result = await runner.RunAsync(builder.Build());

        Assert.Equal(PipelineRunStatus.Failed, result.Status);
        Assert.Equal((StepState.Succeeded, 3), (result["flaky"].State, result["flaky"].Attempts));
        Assert.Equal(3, flakyCalls);
        Assert.Equal((StepState.Failed, 1), (result["broken"].State, result["broken"].Attempts));
        Assert.Contains("bad input row 7", result["broken"].Error, StringComparison.Ordinal);
        Assert.Equal(StepState.Skipped, result["after"].State);
        Assert.Equal(StepState.Succeeded, result["independent"].State);
        var recorded = await runner.GetRunAsync(result.RunId);
        Assert.Contains("broken", recorded.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Timeouts_fail_a_step_and_cancellation_cancels_the_rest()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace);
        var builder = new PipelineBuilder("slow");
        builder.Step("sleeps", async (ctx, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return 1;
        }, o => o.Timeout = TimeSpan.FromMilliseconds(50));
        var result = await runner.RunAsync(builder.Build());
        Assert.Equal(StepState.Failed, result["sleeps"].State);
        Assert.Contains("timed out", result["sleeps"].Error, StringComparison.Ordinal);

        using var cts = new CancellationTokenSource();
        var cancelling = new PipelineBuilder("cancelled");
        var first = cancelling.Step("first", async (ctx, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return 1;
        });
        cancelling.Step<int, int>("second", first, (v, ctx, ct) => ValueTask.FromResult(v));
        var cancelled = await runner.RunAsync(cancelling.Build(), cancellationToken: cts.Token);
        Assert.Equal(PipelineRunStatus.Cancelled, cancelled.Status);
        Assert.All(cancelled.Steps, s => Assert.Equal(StepState.Cancelled, s.State));
    }

    [SkippableFact]
    public async Task A_rerun_is_served_from_cache_and_keys_follow_versions_and_parameters()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace);
        var calls = new ConcurrentDictionary<string, int>();
        Pipeline Build(string version)
        {
            var builder = new PipelineBuilder("cached");
            var k = builder.Parameter("k", 2);
            var load = builder.Step("load", (ctx, ct) => { calls.AddOrUpdate("load", 1, (_, c) => c + 1); return ValueTask.FromResult(new[] { 1, 2, 3 }); });
            var scale = builder.Step<int[], int, int[]>("scale", load, k, (xs, f, ctx, ct) => { calls.AddOrUpdate("scale", 1, (_, c) => c + 1); return ValueTask.FromResult(xs.Select(x => x * f).ToArray()); }, o => o.CacheVersion = version);
            builder.Step<int[], int>("sum", scale, (xs, ctx, ct) => { calls.AddOrUpdate("sum", 1, (_, c) => c + 1); return ValueTask.FromResult(xs.Sum()); });
            return builder.Build();
        }

        var first = await runner.RunAsync(Build("1"));
        var second = await runner.RunAsync(Build("1"));
        Assert.All(second.Steps, s => Assert.Equal(StepState.Cached, s.State));
        Assert.Equal(first.Steps.Select(s => s.CacheKey), second.Steps.Select(s => s.CacheKey));
        Assert.Equal(first.Steps.Select(s => s.OutputHash), second.Steps.Select(s => s.OutputHash));
        Assert.Equal(12, second.GetOutput(PipelineBuilder.Output<int>("sum")));

        var bumped = await runner.RunAsync(Build("2"));
        Assert.Equal([StepState.Cached, StepState.Succeeded, StepState.Cached], bumped.Steps.Select(s => s.State));

        var otherK = await runner.RunAsync(Build("1"), new Dictionary<string, object?> { ["k"] = 3 });
        Assert.Equal([StepState.Cached, StepState.Succeeded, StepState.Succeeded], otherK.Steps.Select(s => s.State));
        Assert.Equal(18, otherK.GetOutput(PipelineBuilder.Output<int>("sum")));
        Assert.Equal((1, 3, 2), (calls["load"], calls["scale"], calls["sum"]));
        Assert.Equal(3, (await runner.ListRunsAsync("cached")).Count(r => r.CachedCount > 0));

        // A fresh runner (another process) reads the cache from the database: preloaded, or one by one past the preload limit.
        foreach (var limit in new[] { 2_000, 1 })
        {
            await using var other = await PipelineRunner.OpenAsync(fixture.Workspace, new PipelineRunnerOptions { CachePreloadLimit = limit });
            var fromDatabase = await other.RunAsync(Build("1"));
            Assert.All(fromDatabase.Steps, s => Assert.Equal(StepState.Cached, s.State));
        }
    }

    [SkippableFact]
    public async Task A_hit_needs_its_blob_to_exist_and_verify()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        var options = new PipelineRunnerOptions { InlineOutputLimit = 0 };
        var calls = 0;
        var builder = new PipelineBuilder("blobs");
        builder.Step("bytes", (ctx, ct) => { Interlocked.Increment(ref calls); return ValueTask.FromResult(new byte[] { 1, 2, 3 }); });
        var pipeline = builder.Build();

        await using (var runner = await PipelineRunner.OpenAsync(fixture.Workspace, options))
        {
            var first = await runner.RunAsync(pipeline);
            var hash = first["bytes"].OutputHash!.Value;
            Assert.True(await fixture.Workspace.Blobs.ExistsAsync(hash));
            await fixture.Workspace.Blobs.DeleteAsync(hash);
        }

        await using (var runner = await PipelineRunner.OpenAsync(fixture.Workspace, options))
        {
            var second = await runner.RunAsync(pipeline);
            Assert.Equal(StepState.Succeeded, second["bytes"].State);
            Assert.Equal(2, calls);

            // Corrupt the blob in place: the hit does not verify, so the step computes again.
            var path = Directory.GetFiles(Path.Combine(fixture.Workspace.RootPath, "objects"), "*", SearchOption.AllDirectories).Single(p => !p.Contains(".tmp", StringComparison.Ordinal));
            File.SetAttributes(path, FileAttributes.Normal);
            await File.WriteAllBytesAsync(path, [9, 9, 9]);
        }

        await using (var runner = await PipelineRunner.OpenAsync(fixture.Workspace, options))
        {
            var third = await runner.RunAsync(pipeline);
            Assert.Equal(StepState.Succeeded, third["bytes"].State);
            Assert.Equal(3, calls);
            Assert.Equal(new byte[] { 1, 2, 3 }, third.GetOutput(PipelineBuilder.Output<byte[]>("bytes")));
        }
    }

    [SkippableFact]
    public async Task Opt_out_expiry_and_refresh()
    {
        var clock = new FakeTimeProvider();
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend, clock);
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace);
        var calls = new ConcurrentDictionary<string, int>();
        Pipeline Build(bool refresh)
        {
            var builder = new PipelineBuilder("policies");
            builder.Step("never", (ctx, ct) => ValueTask.FromResult(calls.AddOrUpdate("never", 1, (_, c) => c + 1)), o => o.Cache = false);
            builder.Step("expires", (ctx, ct) => ValueTask.FromResult(calls.AddOrUpdate("expires", 1, (_, c) => c + 1) * 0), o => o.CacheExpiry = TimeSpan.FromHours(1));
            builder.Step("refreshed", (ctx, ct) => ValueTask.FromResult(calls.AddOrUpdate("refreshed", 1, (_, c) => c + 1) * 0), o => o.Refresh = refresh);
            return builder.Build();
        }

        await runner.RunAsync(Build(refresh: false));
        var again = await runner.RunAsync(Build(refresh: false));
        Assert.Equal([StepState.Succeeded, StepState.Cached, StepState.Cached], again.Steps.Select(s => s.State));
        clock.Advance(TimeSpan.FromHours(2));
        var later = await runner.RunAsync(Build(refresh: true));
        Assert.Equal([StepState.Succeeded, StepState.Succeeded, StepState.Succeeded], later.Steps.Select(s => s.State));
        Assert.Equal((3, 2, 2), (calls["never"], calls["expires"], calls["refreshed"]));
    }

    [SkippableFact]
    public async Task Identical_steps_of_concurrent_runs_compute_once()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace);
        var calls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new PipelineBuilder("flight");
        builder.Step("slow", async (ctx, ct) =>
        {
            Interlocked.Increment(ref calls);
            await gate.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            return 42;
        });
        var pipeline = builder.Build();
        var runs = Enumerable.Range(0, 3).Select(_ => runner.RunAsync(pipeline)).ToArray();
        await Task.Delay(100);
        gate.SetResult();
        var results = await Task.WhenAll(runs);
        Assert.Equal(1, calls);
        Assert.Single(results, r => r["slow"].State == StepState.Succeeded);
        Assert.All(results, r => Assert.Equal(42, r.GetOutput(PipelineBuilder.Output<int>("slow"))));
    }

    [SkippableFact]
    public async Task Resume_recomputes_only_failed_and_unfinished_steps()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        var calls = new ConcurrentDictionary<string, int>();
        var fail = true;
        var builder = new PipelineBuilder("resumable");
        var seed = builder.Parameter<int>("seed");
        var a = builder.Step<int, int>("a", seed, (s, ctx, ct) => ValueTask.FromResult(calls.AddOrUpdate("a", 1, (_, c) => c + 1) * 0 + s), o => o.Cache = false);
        var b = builder.Step<int, int>("b", a, (v, ctx, ct) => { calls.AddOrUpdate("b", 1, (_, c) => c + 1); return fail ? throw new InvalidOperationException("boom") : ValueTask.FromResult(v + 1); }, o => o.Cache = false);
        var c = builder.Step<int, int>("c", b, (v, ctx, ct) => ValueTask.FromResult(calls.AddOrUpdate("c", 1, (_, n) => n + 1) * 0 + (v * 2)), o => o.Cache = false);
        builder.Step<int, int>("d", a, (v, ctx, ct) => ValueTask.FromResult(calls.AddOrUpdate("d", 1, (_, n) => n + 1) * 0 + v), o => o.Cache = false);
        var pipeline = builder.Build();

        string runId;
        await using (var runner = await PipelineRunner.OpenAsync(fixture.Workspace))
        {
            var failed = await runner.RunAsync(pipeline, new Dictionary<string, object?> { ["seed"] = 5 });
            Assert.Equal(PipelineRunStatus.Failed, failed.Status);
            runId = failed.RunId;
        }

        fail = false;
        await using (var runner = await PipelineRunner.OpenAsync(fixture.Workspace))
        {
            var resumed = await runner.ResumeAsync(pipeline, runId);
            Assert.Equal(PipelineRunStatus.Succeeded, resumed.Status);
            Assert.Equal(runId, resumed.RunId);
            Assert.Equal([StepState.Reused, StepState.Succeeded, StepState.Succeeded, StepState.Reused], new[] { "a", "b", "c", "d" }.Select(n => resumed[n].State));
            Assert.Equal(12, resumed.GetOutput(c));
            Assert.Equal((1, 2, 1, 1), (calls["a"], calls["b"], calls["c"], calls["d"]));
            Assert.Equal(PipelineRunStatus.Succeeded, (await runner.GetRunAsync(runId)).Status);
            await Assert.ThrowsAsync<NotFoundException>(() => runner.ResumeAsync(pipeline, "nope"));
        }
    }

    [SkippableFact]
    public async Task Bad_parameters_are_rejected_by_name()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace);
        var builder = new PipelineBuilder("params");
        var k = builder.Parameter<int>("k");
        builder.Step<int, int>("s", k, (v, ctx, ct) => ValueTask.FromResult(v));
        var pipeline = builder.Build();
        Assert.Contains("'k' (Int32) is required", (await Assert.ThrowsAsync<ValidationException>(() => runner.RunAsync(pipeline))).Message, StringComparison.Ordinal);
        Assert.Contains("no parameter 'q'", (await Assert.ThrowsAsync<ValidationException>(() => runner.RunAsync(pipeline, new Dictionary<string, object?> { ["k"] = 1, ["q"] = 2 }))).Message, StringComparison.Ordinal);
        Assert.Contains("'k' is Int32; got String", (await Assert.ThrowsAsync<ValidationException>(() => runner.RunAsync(pipeline, new Dictionary<string, object?> { ["k"] = "x" }))).Message, StringComparison.Ordinal);
    }
}

public sealed class SqlitePipelineRunnerContractTests : PipelineRunnerContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlPipelineRunnerContractTests : PipelineRunnerContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
