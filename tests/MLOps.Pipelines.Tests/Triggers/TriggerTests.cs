using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MLOps.Pipelines.Triggers;
using MLOps.Storage.Sql;
using MLOps.Testing;

namespace MLOps.Pipelines.Tests.Triggers;

public sealed class TriggerTests
{
    [Fact]
    public async Task A_cron_trigger_fires_at_the_next_minute_by_its_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 11, 59, 59, 900, TimeSpan.Zero));
        var trigger = new CronTrigger(CronExpression.Parse("0 12 * * *"), clock);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var events = trigger.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero), events.Current.At);
        Assert.Equal(("cron", "0 12 * * *"), (events.Current.Source, events.Current.Reason));
    }

    [Fact]
    public async Task Drift_and_dataset_triggers_map_their_events()
    {
        var drift = new DriftTrigger(new Events<DriftEvent>(new("churn-model", "tenure", 0.05, DateTimeOffset.UnixEpoch), new("churn-model", null, 0.4, DateTimeOffset.UnixEpoch)), threshold: 0.1);
        var fired = await ToListAsync(drift.WatchAsync());
        Assert.Equal("churn-model drift score 0.4", Assert.Single(fired).Reason);

        var commits = new DatasetCommitTrigger(new Events<DatasetCommit>(new DatasetCommit("churn", "abc123", DateTimeOffset.UnixEpoch)), "commit");
        var commit = Assert.Single(await ToListAsync(commits.WatchAsync()));
        Assert.Equal(("dataset", "churn@abc123", "abc123"), (commit.Source, commit.Reason, commit.Parameters!["commit"]));
    }

    [Fact]
    public async Task The_sql_commit_source_fires_for_new_commits_only()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite);
        var source = new SqlDatasetCommitSource(fixture.Workspace, "churn", TimeSpan.FromMilliseconds(20));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var table = fixture.Workspace.Dialect.Table("dv", "commits");
        await using (var connection = await fixture.Workspace.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"CREATE TABLE {table} (id TEXT PRIMARY KEY, dataset TEXT, tree TEXT, committed_at INTEGER)", null, default);
            await connection.ExecuteAsync($"INSERT INTO {table} VALUES ('old', 'churn', 't', 1)", null, default);
        }

        await using var events = source.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync().AsTask();
        await Task.Delay(60);
        await using (var connection = await fixture.Workspace.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"INSERT INTO {table} VALUES ('other', 'iris', 't', 2)", null, default);
            await connection.ExecuteAsync($"INSERT INTO {table} VALUES ('new', 'churn', 't', 3)", null, default);
        }

        Assert.True(await next);
        Assert.Equal("new", events.Current.CommitId);
    }

    [Fact]
    public async Task The_hosted_service_runs_pipelines_on_triggers()
    {
        using var folder = new TempDirectory();
        var manual = new ManualTrigger("drift");
        var builder = new PipelineBuilder("retrain");
        var reason = builder.Parameter("reason", "none");
        builder.Step<string, int>("train", reason, (r, ctx, ct) => ValueTask.FromResult(r.Length));
        var pipeline = builder.Build();

        var services = new ServiceCollection();
        services.AddMLOps().UseWorkspace(o => o.Path = folder.Combine(".mlops")).AddPipelines(o => o.MaxParallelism = 2).AddSchedule(pipeline, manual);
        await using var provider = services.BuildServiceProvider();
        var service = Assert.IsType<PipelineTriggerService>(Assert.Single(provider.GetServices<IHostedService>()));
        var completed = new TaskCompletionSource<PipelineRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.RunCompleted = r => completed.TrySetResult(r);
        await service.StartAsync(default);
        manual.Fire("psi 0.3", DateTimeOffset.UnixEpoch, new Dictionary<string, object?> { ["reason"] = "psi 0.3" });
        var result = await completed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await service.StopAsync(default);

        Assert.Equal(PipelineRunStatus.Succeeded, result.Status);
        Assert.Equal(7, result.GetOutput(PipelineBuilder.Output<int>("train")));
        var runner = provider.GetRequiredService<PipelineRunner>();
        Assert.Single(await runner.ListRunsAsync("retrain"));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private sealed class Events<T>(params T[] items) : IDriftEventSource, IDatasetCommitSource
    {
        async IAsyncEnumerable<DriftEvent> IDriftEventSource.WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var item in items.OfType<DriftEvent>())
            {
                yield return item;
            }
        }

        async IAsyncEnumerable<DatasetCommit> IDatasetCommitSource.WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var item in items.OfType<DatasetCommit>())
            {
                yield return item;
            }
        }
    }
}
