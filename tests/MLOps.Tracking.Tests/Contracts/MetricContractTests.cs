using MLOps.Testing;
using MLOps.Tracking.Tests.Support;

namespace MLOps.Tracking.Tests.Contracts;

/// <summary>Metrics on every backend: faithful values, summaries, flush guarantees, histories, concurrent writers, write errors.</summary>
public abstract class MetricContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task NaN_and_infinities_are_stored_faithfully_everywhere()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn");
        double[] values = [1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue];
        for (var i = 0; i < values.Length; i++)
        {
            run.LogMetric("x", values[i], i);
        }

        await run.FlushAsync();
        var history = await fixture.Store.Metrics.GetHistoryAsync(run.Id, "x");
        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits).Select(b => b == BitConverter.DoubleToInt64Bits(-0.0) ? 0 : b), history.Points.Select(p => BitConverter.DoubleToInt64Bits(p.Value + 0.0)));
        Assert.True(double.IsNaN((await fixture.Store.Metrics.GetValueAtStepAsync(run.Id, "x", 1))!.Value.Value));
        Assert.Equal(double.PositiveInfinity, (await fixture.Store.Metrics.GetValueAtStepAsync(run.Id, "x", 2))!.Value.Value);
        var summary = await fixture.Store.Metrics.GetSummaryAsync(run.Id, "x");
        Assert.Equal(double.MaxValue, summary.Last);
        Assert.Equal(double.NegativeInfinity, summary.Min);
        Assert.Equal(3, summary.MinStep);
        Assert.Equal(double.PositiveInfinity, summary.Max);
        Assert.Equal(2, summary.MaxStep);
        Assert.Equal(values.Length, summary.Count);

        run.LogMetric("only_nan", double.NaN);
        await run.FlushAsync();
        var nan = await fixture.Store.Metrics.GetSummaryAsync(run.Id, "only_nan");
        Assert.True(double.IsNaN(nan.Last));
        Assert.Null(nan.Min);
        Assert.Null(nan.Max);
        Assert.Null(nan.Best(MetricGoal.Minimize));
    }

    [SkippableFact]
    public async Task Summaries_keep_last_by_step_and_best_values_with_their_steps()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, fakeClock: true);
        await using var run = await fixture.Store.StartRunAsync("churn");
        run.LogMetric("loss", 0.9, 0);
        run.LogMetric("loss", 0.2, 5);
        run.LogMetric("loss", 0.5, 3);
        await run.FlushAsync();
        run.LogMetric("loss", 0.4, 4);
        run.LogMetric("loss", 0.2, 6);
        fixture.Clock!.Advance(TimeSpan.FromSeconds(1));
        run.LogMetric("loss", 0.3, 6);
        await run.FlushAsync();
        var summary = await fixture.Store.Metrics.GetSummaryAsync(run.Id, "loss");
        Assert.Equal(0.3, summary.Last);
        Assert.Equal(6, summary.LastStep);
        Assert.Equal(fixture.Clock.GetUtcNow(), summary.LastTimestamp);
        Assert.Equal(0.2, summary.Best(MetricGoal.Minimize));
        Assert.Equal(5, summary.BestStep(MetricGoal.Minimize));
        Assert.Equal(0.9, summary.Best(MetricGoal.Maximize));
        Assert.Equal(0, summary.BestStep(MetricGoal.Maximize));
        Assert.Equal(6, summary.Count);
        Assert.Equal(0.3, (await fixture.Store.Metrics.GetValueAtStepAsync(run.Id, "loss", 6))!.Value.Value);
        Assert.Null(await fixture.Store.Metrics.GetValueAtStepAsync(run.Id, "loss", 1));
        Assert.Equal(summary, (await fixture.Store.Runs.GetAsync(run.Id)).Metrics["loss"]);
    }

    [SkippableFact]
    public async Task Steps_count_up_per_key_when_omitted()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn");
        run.LogMetric("a", 1);
        run.LogMetric("a", 2);
        run.LogMetric("b", 3);
        run.LogMetric("a", 4, 10);
        run.LogMetric("a", 5);
        run.LogMetrics(new Dictionary<string, double> { ["a"] = 6, ["b"] = 7 });
        run.LogMetrics(new Dictionary<string, double> { ["c"] = 8 }, step: 99);
        await run.FlushAsync();
        var a = await fixture.Store.Metrics.GetHistoryAsync(run.Id, "a");
        Assert.Equal([0L, 1, 10, 11, 12], a.Points.Select(p => p.Step));
        Assert.Equal([0L, 1], (await fixture.Store.Metrics.GetHistoryAsync(run.Id, "b")).Points.Select(p => p.Step));
        Assert.Equal(99, (await fixture.Store.Metrics.GetSummaryAsync(run.Id, "c")).LastStep);
        Assert.Throws<ValidationException>(() => run.LogMetrics(new Dictionary<string, double> { ["ok"] = 1, ["bad key!"] = 2 }));
        await run.FlushAsync();
        await Assert.ThrowsAsync<NotFoundException>(async () => await fixture.Store.Metrics.GetSummaryAsync(run.Id, "ok"));
    }

    [SkippableFact]
    public async Task Flush_and_dispose_store_every_point_logged_from_many_threads()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, new TrackingOptions { MetricBufferCapacity = 64, MaxMetricBatchSize = 500 });
        await using var run = await fixture.Store.StartRunAsync("churn");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                run.LogMetric("t" + t, i, i);
            }
        })));
        await run.FlushAsync();
        for (var t = 0; t < 4; t++)
        {
            var summary = await fixture.Store.Metrics.GetSummaryAsync(run.Id, "t" + t);
            Assert.Equal(2000, summary.Count);
            Assert.Equal(1999, summary.Last);
        }

        // Disposing the store writes what is still buffered.
        var (workspace, other) = await fixture.OpenAnotherAsync();
        var otherRun = await other.StartRunAsync("churn");
        for (var i = 0; i < 3000; i++)
        {
            otherRun.LogMetric("late", i);
        }

        await other.DisposeAsync();
        await workspace.DisposeAsync();
        Assert.Equal(3000, (await fixture.Store.Metrics.GetSummaryAsync(otherRun.Id, "late")).Count);
        Assert.Throws<ObjectDisposedException>(() => otherRun.LogMetric("late", 1));
    }

    [SkippableFact]
    public async Task Histories_are_read_by_step_range_and_downsampled()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn");
        var points = Enumerable.Range(0, 5000).Select(i => new MetricPoint(i, Math.Sin(i / 100.0), DateTimeOffset.UnixEpoch.AddSeconds(i))).ToList();
        await fixture.Store.Metrics.LogAsync(run.Id, "wave", points);
        var all = await fixture.Store.Metrics.GetHistoryAsync(run.Id, "wave");
        Assert.Equal(points, all.Points);
        Assert.Null(all.Method);

        var range = await fixture.Store.Metrics.GetHistoryAsync(run.Id, "wave", new MetricHistoryOptions { FromStep = 100, ToStep = 199 });
        Assert.Equal(100, range.TotalPoints);
        Assert.Equal(100, range.Points[0].Step);

        foreach (var method in new[] { DownsamplingMethod.Lttb, DownsamplingMethod.MinMax })
        {
            var small = await fixture.Store.Metrics.GetHistoryAsync(run.Id, "wave", new MetricHistoryOptions { MaxPoints = 100, Method = method });
            Assert.Equal(5000, small.TotalPoints);
            Assert.Equal(method, small.Method);
            Assert.InRange(small.Points.Count, 50, 100);
            Assert.Equal(points[0], small.Points[0]);
            Assert.Equal(points[^1], small.Points[^1]);
            // Min/max buckets keep every extreme exactly; LTTB keeps the shape (peaks within a bucket's spacing).
            Assert.Equal(points.Max(p => p.Value), small.Points.Max(p => p.Value), method == DownsamplingMethod.MinMax ? 12 : 2);
            Assert.Equal(points.Min(p => p.Value), small.Points.Min(p => p.Value), method == DownsamplingMethod.MinMax ? 12 : 2);
        }

        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Metrics.GetHistoryAsync(run.Id, "wave", new MetricHistoryOptions { MaxPoints = 2 }));
        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Metrics.GetHistoryAsync(run.Id, "wave", new MetricHistoryOptions { FromStep = 5, ToStep = 4 }));
        var missing = await Assert.ThrowsAsync<NotFoundException>(async () => await fixture.Store.Metrics.GetHistoryAsync(run.Id, "nope"));
        Assert.Contains("'nope'", missing.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(async () => await fixture.Store.Metrics.GetValueAtStepAsync(run.Id, "nope", 0));
    }

    [SkippableFact]
    public async Task Batch_logging_has_no_cap_and_merges_with_streamed_points()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn");
        run.LogMetric("loss", 0.5, 20_000);
        await run.FlushAsync();
        await fixture.Store.Metrics.LogAsync(run.Id, "loss", Enumerable.Range(0, 20_000).Select(i => new MetricPoint(i, 1.0 / (i + 1), DateTimeOffset.UnixEpoch)));
        var summary = await fixture.Store.Metrics.GetSummaryAsync(run.Id, "loss");
        Assert.Equal(20_001, summary.Count);
        Assert.Equal(0.5, summary.Last);
        Assert.Equal(20_000, summary.LastStep);
        Assert.Equal(1.0 / 20_000, summary.Min);
        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Metrics.LogAsync(run.Id, "bad key!", []));
    }

    [SkippableFact]
    public async Task Four_stores_logging_into_one_database_at_once_store_every_point()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, new TrackingOptions { MaxMetricBatchSize = 300 });
        var stores = new List<(MLOps.Storage.MLOpsWorkspace Workspace, TrackingStore Store)>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(await fixture.OpenAnotherAsync(new TrackingOptions { MaxMetricBatchSize = 300 }));
        }

        await using var shared = await fixture.Store.StartRunAsync("shared");
        var ids = await Task.WhenAll(stores.Select((s, w) => Task.Run(async () =>
        {
            await using var run = await s.Store.StartRunAsync("churn", "worker-" + w);
            for (var step = 0; step < 1500; step++)
            {
                run.LogMetric("loss", step, step);
                await s.Store.Metrics.LogAsync(shared.Id, "all", step % 500 == 0 ? [new MetricPoint(step, w, DateTimeOffset.UnixEpoch)] : []);
            }

            return run.Id;
        })));
        foreach (var (workspace, store) in stores)
        {
            await store.DisposeAsync();
            await workspace.DisposeAsync();
        }

        foreach (var id in ids)
        {
            Assert.Equal(1500, (await fixture.Store.Metrics.GetSummaryAsync(id, "loss")).Count);
            Assert.Equal(1500, (await fixture.Store.Metrics.GetHistoryAsync(id, "loss")).TotalPoints);
        }

        Assert.Equal(12, (await fixture.Store.Metrics.GetSummaryAsync(shared.Id, "all")).Count);
    }

    [SkippableFact]
    public async Task A_failed_write_is_reported_by_the_next_flush_and_the_writer_carries_on()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var points = fixture.Workspace.Workspace.Dialect.Table("tracking", "metric_chunks");
        await using var run = await fixture.Store.StartRunAsync("churn");
        await using (var connection = await fixture.Workspace.Workspace.OpenConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"ALTER TABLE {points} RENAME TO metric_chunks_away";
            await command.ExecuteNonQueryAsync();
        }

        run.LogMetric("loss", 1);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(async () => await run.FlushAsync());
        await run.FlushAsync();

        await using (var connection = await fixture.Workspace.Workspace.OpenConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"ALTER TABLE {(Backend == StorageBackend.Sqlite ? "metric_chunks_away" : "tracking.metric_chunks_away")} RENAME TO {(Backend == StorageBackend.Sqlite ? points : "metric_chunks")}";
            await command.ExecuteNonQueryAsync();
        }

        run.LogMetric("loss", 2);
        await run.FlushAsync();
        Assert.Equal(2, (await fixture.Store.Metrics.GetSummaryAsync(run.Id, "loss")).Last);
    }

    [SkippableFact]
    public async Task Invalid_metric_keys_are_validation_errors_naming_the_key()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn");
        Assert.Contains("metric key", Assert.Throws<ValidationException>(() => run.LogMetric("a\"b", 1)).Message, StringComparison.Ordinal);
        Assert.Contains("251", Assert.Throws<ValidationException>(() => run.LogMetric(new string('m', 251), 1)).Message, StringComparison.Ordinal);
        Assert.Contains("metric key is missing", Assert.Throws<ValidationException>(() => run.LogMetric(null!, 1)).Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteMetricContractTests : MetricContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlMetricContractTests : MetricContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
