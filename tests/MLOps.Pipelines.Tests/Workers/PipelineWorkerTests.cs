using System.Collections.Concurrent;
using MLOps.Pipelines.Persistence;
using MLOps.Pipelines.Workers;
using MLOps.Storage;
using MLOps.Storage.Sql;
using MLOps.Testing;

namespace MLOps.Pipelines.Tests.Workers;

/// <summary>Several workers, each with its own workspace connection, run one pipeline run on PostgreSQL.</summary>
public sealed class PipelineWorkerTests
{
    /// <summary>A short lease, so a dead worker's step is taken over quickly; long enough for a loaded CI machine.</summary>
    private static PipelineWorkerOptions Fast(string id, int leaseMs = 3000) => new()
    {
        WorkerId = id,
        Lease = TimeSpan.FromMilliseconds(leaseMs),
        HeartbeatInterval = TimeSpan.FromMilliseconds(leaseMs / 4),
        PollInterval = TimeSpan.FromMilliseconds(20),
    };

    [SkippableFact]
    public async Task Workers_share_a_run_and_compute_each_step_once()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.PostgreSql);
        var calls = new ConcurrentDictionary<string, int>();
        var builder = new PipelineBuilder("fanout");
        var root = builder.Step("root", (ctx, ct) => ValueTask.FromResult(calls.AddOrUpdate("root", 1, (_, n) => n + 1) * 0 + 1));
        var branches = new List<StepInput>();
        for (var i = 0; i < 6; i++)
        {
            var name = "b" + i;
            var add = i;
            branches.Add(builder.Step<int, int>(name, root, async (v, ctx, ct) =>
            {
                calls.AddOrUpdate(name, 1, (_, n) => n + 1);
                await Task.Delay(40, ct);
                return v + add;
            }));
        }

        var sink = builder.Step<int>("sink", branches, (values, ctx, ct) => ValueTask.FromResult(Enumerable.Range(0, values.Count).Sum(values.Get<int>)));
        var pipeline = builder.Build();

        await using var submitter = await PipelineRunner.OpenAsync(fixture.Workspace);
        var runId = await PipelineWorker.SubmitAsync(submitter, pipeline);
        var workspaces = new List<MLOpsWorkspace>();
        var runners = new List<PipelineRunner>();
        for (var w = 0; w < 3; w++)
        {
            workspaces.Add(await MLOpsWorkspace.OpenAsync(fixture.Options));
            runners.Add(await PipelineRunner.OpenAsync(workspaces[^1]));
        }

        try
        {
            var statuses = await Task.WhenAll(runners.Select((r, w) => new PipelineWorker(r, Fast("w" + w)).RunAsync(pipeline, runId)));
            Assert.All(statuses, s => Assert.Equal(PipelineRunStatus.Succeeded, s));
        }
        finally
        {
            foreach (var runner in runners)
            {
                await runner.DisposeAsync();
            }

            foreach (var workspace in workspaces)
            {
                await workspace.DisposeAsync();
            }
        }

        Assert.True(calls.Values.All(c => c == 1), string.Join(", ", calls.Select(p => p.Key + "=" + p.Value)));
        Assert.Equal(7, calls.Count);
        var run = await submitter.GetRunAsync(runId);
        Assert.Equal(PipelineRunStatus.Succeeded, run.Status);
        Assert.All(run.Steps, s => Assert.Equal(StepState.Succeeded, s.State));
        var outputs = await submitter.Store.GetStepsAsync(runId, default);
        var sinkRow = outputs.Single(s => s.Step == "sink");
        Assert.Equal("21", System.Text.Encoding.UTF8.GetString(sinkRow.InlineOutput!));
        var workers = await fixture.Workspace.Database.ReadAsync(
            async (connection, ct) => await connection.ScalarAsync<long>($"SELECT COUNT(DISTINCT worker) FROM {submitter.Store.StepsTable} WHERE run_id = @run", null, ct, ("run", runId)));
        Assert.True(workers >= 2, $"{workers} worker(s) did all the steps");
        _ = sink;
    }

    [SkippableFact]
    public async Task A_dead_workers_step_is_claimed_again_after_its_lease_and_recorded_once()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.PostgreSql);
        var slowCalls = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new PipelineBuilder("crash");
        var a = builder.Step("a", (ctx, ct) => ValueTask.FromResult(1));
        var slow = builder.Step<int, int>("slow", a, async (v, ctx, ct) =>
        {
            if (Interlocked.Increment(ref slowCalls) == 1)
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            return v + 41;
        });
        builder.Step<int, int>("c", slow, (v, ctx, ct) => ValueTask.FromResult(v * 2));
        var pipeline = builder.Build();

        await using var submitter = await PipelineRunner.OpenAsync(fixture.Workspace);
        var runId = await PipelineWorker.SubmitAsync(submitter, pipeline);

        await using var deadSpace = await MLOpsWorkspace.OpenAsync(fixture.Options);
        await using var deadRunner = await PipelineRunner.OpenAsync(deadSpace);
        using var kill = new CancellationTokenSource();
        var dead = new PipelineWorker(deadRunner, Fast("dead", 1000)) { AbandonClaimsOnCancel = true };
        var deadTask = dead.RunAsync(pipeline, runId, kill.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => deadTask);

        var states = await new WorkerStore(submitter.Store).StatesAsync(runId, default);
        Assert.Equal(StepState.Running, states["slow"].State);

        await using var liveSpace = await MLOpsWorkspace.OpenAsync(fixture.Options);
        await using var liveRunner = await PipelineRunner.OpenAsync(liveSpace);
        var status = await new PipelineWorker(liveRunner, Fast("live", 1000)).RunAsync(pipeline, runId).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(PipelineRunStatus.Succeeded, status);
        Assert.Equal(2, slowCalls);
        var rows = await submitter.Store.GetStepsAsync(runId, default);
        Assert.Equal("84", System.Text.Encoding.UTF8.GetString(rows.Single(r => r.Step == "c").InlineOutput!));

        // The dead worker waking up late cannot record its output: the claim is no longer its own.
        var zombie = rows.Single(r => r.Step == "slow") with { OutputHash = ContentHash.Empty.ToString(), InlineOutput = [] };
        Assert.False(await new WorkerStore(submitter.Store).CompleteAsync(zombie, "dead", null, default));
        var owner = await fixture.Workspace.Database.ReadAsync(
            async (connection, ct) => await connection.ScalarAsync<string>($"SELECT worker FROM {submitter.Store.StepsTable} WHERE run_id = @run AND step = 'slow'", null, ct, ("run", runId)));
        Assert.Equal("live", owner);
        Assert.Equal(rows.Single(r => r.Step == "slow").OutputHash, (await submitter.Store.GetStepsAsync(runId, default)).Single(r => r.Step == "slow").OutputHash);
    }

    [Fact]
    public async Task On_sqlite_one_process_runs_all_steps()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite);
        var builder = new PipelineBuilder("local");
        var a = builder.Step("a", (ctx, ct) => ValueTask.FromResult(20));
        builder.Step<int, int>("b", a, (v, ctx, ct) => ValueTask.FromResult(v + 1));
        var pipeline = builder.Build();
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace);
        var runId = await PipelineWorker.SubmitAsync(runner, pipeline);
        Assert.Equal(PipelineRunStatus.Succeeded, await new PipelineWorker(runner).RunAsync(pipeline, runId));
        Assert.All((await runner.GetRunAsync(runId)).Steps, s => Assert.Equal(StepState.Succeeded, s.State));
        Assert.Throws<ValidationException>(() => new PipelineWorker(runner, new PipelineWorkerOptions { Lease = TimeSpan.FromSeconds(1), HeartbeatInterval = TimeSpan.FromSeconds(2) }));
    }
}
