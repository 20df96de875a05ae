using MLOps.Testing;
using MLOps.Tracking.Tests.Support;

namespace MLOps.Tracking.Tests.Contracts;

/// <summary>Run lifecycle on every backend: start, end, nesting, the run-in-a-delegate helper, heartbeat sweep, soft delete, tags.</summary>
public abstract class RunContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task A_started_run_is_running_with_its_name_times_and_source()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, new TrackingOptions { User = "ci-bot" }, fakeClock: true);
        await using var run = await fixture.Store.StartRunAsync("churn", new RunStartOptions { Name = "baseline", Tags = new Dictionary<string, string> { ["team"] = "a" } });
        var stored = await fixture.Store.Runs.GetAsync(run.Id);
        Assert.Matches("^[0-9a-f]{32}$", run.Id);
        Assert.Equal(RunStatus.Running, stored.Status);
        Assert.Equal("baseline", stored.Name);
        Assert.Equal(fixture.Clock!.GetUtcNow(), stored.StartTime);
        Assert.Equal(stored.StartTime, stored.HeartbeatAt);
        Assert.Null(stored.EndTime);
        Assert.Null(stored.Duration);
        Assert.Equal("ci-bot", stored.Source.User);
        Assert.Equal(Environment.MachineName, stored.Source.Host);
        Assert.NotNull(stored.Source.EntryAssembly);
        Assert.Equal("a", stored.Tags["team"]);
        Assert.Equal($"run:{run.Id}", run.Reference.ToString());
    }

    [SkippableFact]
    public async Task Ending_records_status_and_end_time_and_cannot_end_twice_differently()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, fakeClock: true);
        var run = await fixture.Store.StartRunAsync("churn");
        fixture.Clock!.Advance(TimeSpan.FromSeconds(90));
        await run.EndAsync(RunStatus.Failed);
        var stored = await fixture.Store.Runs.GetAsync(run.Id);
        Assert.Equal(RunStatus.Failed, stored.Status);
        Assert.Equal(TimeSpan.FromSeconds(90), stored.Duration);

        await fixture.Store.Runs.EndAsync(run.Id, RunStatus.Failed);
        var conflict = await Assert.ThrowsAsync<ConflictException>(async () => await fixture.Store.Runs.EndAsync(run.Id, RunStatus.Finished));
        Assert.Contains("FAILED", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("FINISHED", conflict.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConflictException>(async () => await run.EndAsync());
        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Runs.EndAsync(run.Id, RunStatus.Running));
        Assert.Throws<ConflictException>(() => run.LogMetric("loss", 1));
        await run.DisposeAsync();
    }

    [SkippableFact]
    public async Task Disposing_an_active_run_finishes_it()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        string id;
        await using (var run = await fixture.Store.StartRunAsync("churn"))
        {
            id = run.Id;
            run.LogMetric("loss", 0.5);
        }

        var stored = await fixture.Store.Runs.GetAsync(id);
        Assert.Equal(RunStatus.Finished, stored.Status);
        Assert.Equal(0.5, stored.Metrics["loss"].Last);
    }

    [SkippableFact]
    public async Task RunAsync_marks_finished_failed_or_killed_and_rethrows()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var tracking = fixture.Store;
        var (okId, answer) = await tracking.RunAsync("churn", "ok", async (run, ct) =>
        {
            await run.LogParamAsync("x", 1, ct);
            return 42;
        });
        Assert.Equal(42, answer);
        Assert.Equal(RunStatus.Finished, (await tracking.Runs.GetAsync(okId)).Status);

        string? failedId = null;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => tracking.RunAsync("churn", "boom", (run, _) =>
        {
            failedId = run.Id;
            run.LogMetric("loss", 1);
            throw new InvalidOperationException("diverged");
        }));
        Assert.Equal("diverged", error.Message);
        var failed = await tracking.Runs.GetAsync(failedId!);
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal("InvalidOperationException: diverged", failed.Tags["mlops.error"]);
        Assert.Equal(1, failed.Metrics["loss"].Last);

        using var cancel = new CancellationTokenSource();
        string? killedId = null;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tracking.RunAsync("churn", "cancelled", async (run, ct) =>
        {
            killedId = run.Id;
            await cancel.CancelAsync();
            ct.ThrowIfCancellationRequested();
        }, cancel.Token));
        Assert.Equal(RunStatus.Killed, (await tracking.Runs.GetAsync(killedId!)).Status);
    }

    [SkippableFact]
    public async Task Child_runs_record_their_parent_and_an_unknown_parent_is_not_found()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var parent = await fixture.Store.StartRunAsync("sweep", "parent");
        await using var child = await parent.StartChildRunAsync("trial-1");
        var stored = await fixture.Store.Runs.GetAsync(child.Id);
        Assert.Equal(parent.Id, stored.ParentRunId);
        Assert.Equal(parent.ExperimentId, stored.ExperimentId);
        var children = await fixture.Store.Runs.SearchAsync(new RunQuery { Filter = $"attributes.parent_run_id = '{parent.Id}'" });
        Assert.Equal([child.Id], children.Runs.Select(r => r.Id));

        var missing = new string('0', 32);
        var error = await Assert.ThrowsAsync<NotFoundException>(async () => await fixture.Store.StartRunAsync("sweep", new RunStartOptions { ParentRunId = missing }));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Params_given_at_start_are_written_with_the_run_and_checked_like_logged_ones()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn", new RunStartOptions { Name = "step", Params = [new("epochs", 3), new("rate", 0.5), new("kind", "gbm")] });
        var stored = await fixture.Store.Runs.GetAsync(run.Id);
        Assert.Equal(3, stored.Params.Count);
        Assert.Equal((ParamValue)3, stored.Params["epochs"]);
        Assert.Equal((ParamValue)"gbm", stored.Params["kind"]);
        await Assert.ThrowsAsync<ConflictException>(async () => await run.LogParamsAsync([new("epochs", 4)]));
        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.StartRunAsync("churn", new RunStartOptions { Params = [new("bad key!", 1)] }));
    }

    [SkippableFact]
    public async Task The_sweep_kills_runs_whose_heartbeat_stopped_and_spares_live_and_ended_runs()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, new TrackingOptions { HeartbeatInterval = TimeSpan.FromMinutes(1), DeadRunTimeout = TimeSpan.FromMinutes(5) }, fakeClock: true);
        var clock = fixture.Clock!;
        var started = clock.GetUtcNow();
        await using var dead = await fixture.Store.StartRunAsync("churn", "dead");
        await using var live = await fixture.Store.StartRunAsync("churn", "live");
        await using var ended = await fixture.Store.StartRunAsync("churn", "ended");
        await ended.EndAsync();

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await fixture.Store.Runs.SweepDeadRunsAsync());
        Assert.Equal(1, await fixture.Store.Runs.HeartbeatAsync(live.Seq, default));
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal([dead.Id], await fixture.Store.Runs.SweepDeadRunsAsync());
        var killed = await fixture.Store.Runs.GetAsync(dead.Id);
        Assert.Equal(RunStatus.Killed, killed.Status);
        Assert.Equal(started, killed.EndTime);
        Assert.Equal(RunStatus.Running, (await fixture.Store.Runs.GetAsync(live.Id)).Status);
        Assert.Equal(RunStatus.Finished, (await fixture.Store.Runs.GetAsync(ended.Id)).Status);
        Assert.Equal([live.Id], await fixture.Store.Runs.SweepDeadRunsAsync(TimeSpan.Zero));
        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Runs.SweepDeadRunsAsync(TimeSpan.FromSeconds(-1)));

        // The process of a swept run is gone; ending it again as FINISHED is refused.
        await Assert.ThrowsAsync<ConflictException>(async () => await dead.EndAsync());
    }

    [SkippableFact]
    public async Task Soft_deleted_runs_are_hidden_read_only_and_restorable()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var runs = fixture.Store.Runs;
        await using var run = await fixture.Store.StartRunAsync("churn");
        await runs.DeleteAsync(run.Id);
        await runs.DeleteAsync(run.Id);
        Assert.True((await runs.GetAsync(run.Id)).IsDeleted);
        Assert.Empty((await runs.SearchAsync(new RunQuery())).Runs);
        Assert.Single((await runs.SearchAsync(new RunQuery { ViewType = RunViewType.DeletedOnly })).Runs);
        Assert.Single((await runs.SearchAsync(new RunQuery { ViewType = RunViewType.All })).Runs);
        var error = await Assert.ThrowsAsync<ConflictException>(async () => await run.LogParamAsync("x", 1));
        Assert.Contains("deleted", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConflictException>(async () => await run.SetTagAsync("x", "y"));

        await runs.RestoreAsync(run.Id);
        await runs.RestoreAsync(run.Id);
        Assert.Single((await runs.SearchAsync(new RunQuery())).Runs);
        await run.LogParamAsync("x", 1);
    }

    [SkippableFact]
    public async Task Tags_are_mutable_and_runs_can_be_renamed()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var runs = fixture.Store.Runs;
        await using var run = await fixture.Store.StartRunAsync("churn", "first");
        await run.SetTagAsync("stage", "dev");
        await runs.SetTagsAsync(run.Id, new Dictionary<string, string> { ["stage"] = "prod", ["note"] = string.Empty });
        await runs.RenameAsync(run.Id, "second");
        var stored = await runs.GetAsync(run.Id);
        Assert.Equal("prod", stored.Tags["stage"]);
        Assert.Equal(string.Empty, stored.Tags["note"]);
        Assert.Equal("second", stored.Name);
        Assert.True(await runs.DeleteTagAsync(run.Id, "note"));
        Assert.False(await runs.DeleteTagAsync(run.Id, "note"));
        Assert.False((await runs.GetAsync(run.Id)).Tags.ContainsKey("note"));
        await runs.RenameAsync(run.Id, null);
        Assert.Null((await runs.GetAsync(run.Id)).Name);
        await Assert.ThrowsAsync<ValidationException>(async () => await runs.RenameAsync(run.Id, "bad\tname"));
    }

    [SkippableFact]
    public async Task Unknown_or_malformed_run_ids_name_the_id()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var runs = fixture.Store.Runs;
        var missing = new string('a', 32);
        foreach (var call in new Func<Task>[]
        {
            async () => await runs.GetAsync(missing),
            async () => await runs.EndAsync(missing, RunStatus.Finished),
            async () => await runs.LogParamAsync(missing, "k", 1),
            async () => await runs.SetTagAsync(missing, "k", "v"),
            async () => await runs.DeleteAsync(missing),
            async () => await runs.RestoreAsync(missing),
            async () => await runs.RenameAsync(missing, "x"),
            async () => await runs.LogInputAsync(missing, new MLOps.Lineage.FeatureServiceReference("svc")),
            async () => await fixture.Store.Metrics.GetSummaryAsync(missing, "loss"),
            async () => await fixture.Store.Metrics.LogAsync(missing, "loss", [new MetricPoint(0, 1, DateTimeOffset.UnixEpoch)]),
            async () => await fixture.Store.Artifacts.ListAsync(missing),
        })
        {
            var error = await Assert.ThrowsAsync<NotFoundException>(call);
            Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        }

        var malformed = await Assert.ThrowsAsync<ValidationException>(async () => await runs.GetAsync("run-1'; --"));
        Assert.Contains("run id", malformed.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Invalid_run_names_and_tags_are_validation_errors()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        Assert.Contains("run name", (await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.StartRunAsync("churn", new string('n', 300)))).Message, StringComparison.Ordinal);
        Assert.Contains("run tag key", (await Assert.ThrowsAsync<ValidationException>(async () =>
            await fixture.Store.StartRunAsync("churn", new RunStartOptions { Tags = new Dictionary<string, string> { ["a\"b"] = "x" } }))).Message, StringComparison.Ordinal);
        await using var run = await fixture.Store.StartRunAsync("churn");
        Assert.Contains("tag 'k'", (await Assert.ThrowsAsync<ValidationException>(async () => await run.SetTagAsync("k", new string('v', 9000)))).Message, StringComparison.Ordinal);
        Assert.Empty((await fixture.Store.Runs.SearchAsync(new RunQuery { Filter = "attributes.status = 'FAILED'" })).Runs);
    }
}

public sealed class SqliteRunContractTests : RunContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlRunContractTests : RunContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
