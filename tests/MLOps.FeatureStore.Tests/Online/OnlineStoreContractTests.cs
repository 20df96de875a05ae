using MLOps.Data;
using MLOps.Testing;

namespace MLOps.FeatureStore.Tests.Online;

/// <summary>Registry, online store, materialization and push on every backend.</summary>
public abstract class OnlineStoreContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Apply_plans_added_changed_removed_and_a_plan_writes_nothing()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        await using var store = await FeatureRepository.OpenAsync(fixture.Workspace);
        var csv = FeatureStoreScenario.WriteStatsCsv(fixture.Folder.Path);
        var definitions = FeatureStoreScenario.Definitions(csv);

        var dry = await store.PlanAsync(definitions);
        Assert.Contains("feature_view:driver_stats", dry.Added);
        Assert.Empty(await store.ListAsync());

        var first = await store.ApplyAsync(definitions);
        Assert.Equal(["entity:driver", "feature_service:driver_model", "feature_view:driver_stats", "on_demand_feature_view:adjusted", "source:stats_source"], first.Added.Order(StringComparer.Ordinal));
        Assert.Equal(1, first.Version);
        Assert.True((await store.ApplyAsync(definitions)).IsEmpty);

        var changed = await store.ApplyAsync(FeatureStoreScenario.Definitions(csv, TimeSpan.FromHours(5), withOnDemand: false));
        Assert.Equal(["feature_service:driver_model", "feature_view:driver_stats"], changed.Changed);
        Assert.Equal(["on_demand_feature_view:adjusted"], changed.Removed);
        Assert.Equal(2, changed.Version);
        var listed = await store.ListAsync();
        Assert.Equal(4, listed.Count);
        Assert.Equal(2, listed.Single(d => d.Name == "driver_stats").Version);
    }

    [SkippableFact]
    public async Task Online_reads_return_values_statuses_timestamps_and_on_demand_features()
    {
        var clock = new FakeTimeProvider(FeatureStoreScenario.T0.AddHours(6));
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend, clock);
        await using var store = await FeatureRepository.OpenAsync(fixture.Workspace);
        await store.ApplyAsync(FeatureStoreScenario.Definitions(FeatureStoreScenario.WriteStatsCsv(fixture.Folder.Path)));
        var results = await store.MaterializeAsync(FeatureStoreScenario.T0, FeatureStoreScenario.T0.AddHours(6));
        Assert.Equal(30, results.Single().RowsRead);

        var online = await store.GetOnlineFeaturesAsync("driver_model", [FeatureStoreScenario.Driver(1, 0.5), FeatureStoreScenario.Driver(2), FeatureStoreScenario.Driver(99)]);
        Assert.Equal(["driver_stats__conv_rate", "driver_stats__trips", "driver_stats__city", "driver_stats__active", "adjusted__trips_plus_bonus"], online.FeatureNames);
        var latest = FeatureStoreScenario.T0.AddHours(5);
        Assert.Equal(new FeatureValue(0.15, FeatureStatus.Present, latest), online[0, 0]);
        Assert.Equal(new FeatureValue(15L, FeatureStatus.Present, latest), online[0, 1]);
        Assert.Equal("c1", online.Get(0, "driver_stats:city").Value);
        Assert.Equal(false, online.Get(0, "driver_stats__active").Value);
        Assert.Equal(15.5, online.Get(0, "adjusted:trips_plus_bonus").Value);
        Assert.Equal(FeatureStatus.NullValue, online[1, 0].Status);
        Assert.Equal(25L, online[1, 1].Value);
        Assert.Equal(FeatureStatus.NotFound, online[2, 0].Status);
        Assert.Null(online[2, 0].Value);
        Assert.Equal(FeatureStatus.NullValue, online[2, 4].Status);

        // TTL is 2h and checked at read time: 3h after the last event the row is withheld.
        clock.SetUtcNow(latest.AddHours(2));
        Assert.Equal(FeatureStatus.Present, (await store.GetOnlineFeaturesAsync("driver_model", [FeatureStoreScenario.Driver(1)]))[0, 0].Status);
        clock.SetUtcNow(latest.AddHours(2).AddTicks(10));
        var stale = await store.GetOnlineFeaturesAsync("driver_model", [FeatureStoreScenario.Driver(1)]);
        Assert.Equal(new FeatureValue(null, FeatureStatus.OutsideMaxAge, latest), stale[0, 0]);
    }

    [SkippableFact]
    public async Task Writes_are_monotonic_and_pushed_rows_are_served_online_and_read_offline()
    {
        var clock = new FakeTimeProvider(FeatureStoreScenario.T0.AddHours(1));
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend, clock);
        await using var store = await FeatureRepository.OpenAsync(fixture.Workspace);
        var user = new Entity("user", "user_id");
        var push = new PushSource("clicks_push", "ts");
        var view = new FeatureView("clicks", [user], push, [new Feature("count", FeatureType.Int64)]);
        await store.ApplyAsync(new FeatureDefinitions([user], [view], [new FeatureService("clicks_svc", [new FeatureReference("clicks", "count")])]));

        var schema = new Schema(new Field("user_id", DataType.Int64), new Field("ts", DataType.Timestamp), new Field("count", DataType.Int64));
        RecordBatch Rows(params (long User, int Minute, long Count)[] rows)
        {
            var builder = new RecordBatchBuilder(schema);
            foreach (var (u, m, c) in rows)
            {
                builder.AppendRow(u, FeatureStoreScenario.T0.AddMinutes(m), c);
            }

            return builder.Build();
        }

        await store.PushAsync("clicks_push", Rows((1, 10, 5), (2, 10, 7)));
        await store.PushAsync("clicks_push", Rows((1, 5, 999)));
        await store.PushAsync("clicks_push", Rows((2, 20, 8)));
        var online = await store.GetOnlineFeaturesAsync("clicks_svc", [new Dictionary<string, object?> { ["user_id"] = 1L }, new Dictionary<string, object?> { ["user_id"] = "2" }]);
        Assert.Equal(5L, online[0, 0].Value);
        Assert.Equal(8L, online[1, 0].Value);

        var entityRows = new RecordBatchBuilder(new Schema(new Field("user_id", DataType.Int64), new Field("event_timestamp", DataType.Timestamp)));
        entityRows.AppendRow(1L, FeatureStoreScenario.T0.AddMinutes(7));
        entityRows.AppendRow(2L, FeatureStoreScenario.T0.AddMinutes(15));
        var offline = await store.GetHistoricalFeaturesAsync(entityRows.Build(), "clicks_svc");
        Assert.Equal([999L, 7L], [offline.Column<Int64Column>("clicks__count")[0], offline.Column<Int64Column>("clicks__count")[1]]);
    }

    [SkippableFact]
    public async Task An_interrupted_materialization_rerun_ends_in_the_state_of_an_uninterrupted_one()
    {
        var clock = new FakeTimeProvider(FeatureStoreScenario.T0.AddHours(20));
        await using var reference = await WorkspaceFixture.CreateAsync(Backend, clock);
        await using var interrupted = await WorkspaceFixture.CreateAsync(Backend, clock);
        var csv = FeatureStoreScenario.WriteStatsCsv(reference.Folder.Path, drivers: 40, hours: 10);
        var definitions = FeatureStoreScenario.Definitions(csv, TimeSpan.Zero);
        var end = FeatureStoreScenario.T0.AddHours(8);

        await using (var store = await FeatureRepository.OpenAsync(reference.Workspace, new FeatureStoreOptions { MaterializeChunkRows = 37 }))
        {
            await store.ApplyAsync(definitions);
            await store.MaterializeAsync(FeatureStoreScenario.T0, end);
        }

        var chunks = 0;
        var options = new FeatureStoreOptions
        {
            MaterializeChunkRows = 37,
            OnChunkCommitted = _ => ++chunks == 4 ? throw new IOException("killed") : ValueTask.CompletedTask,
        };
        await using (var store = await FeatureRepository.OpenAsync(interrupted.Workspace, options))
        {
            await store.ApplyAsync(definitions);
            await Assert.ThrowsAsync<IOException>(async () => await store.MaterializeAsync(FeatureStoreScenario.T0, end));
        }

        await using (var store = await FeatureRepository.OpenAsync(interrupted.Workspace, new FeatureStoreOptions { MaterializeChunkRows = 37 }))
        {
            var resumed = await store.MaterializeAsync(FeatureStoreScenario.T0, end);
            Assert.Equal(4, resumed.Single().ChunksResumed);
            await store.MaterializeAsync(FeatureStoreScenario.T0, end);
        }

        Assert.Equal(await OnlineStateAsync(reference.Workspace), await OnlineStateAsync(interrupted.Workspace));
        Assert.Equal(40, (await OnlineStateAsync(reference.Workspace)).Count);
    }

    [SkippableFact]
    public async Task Incremental_materialization_moves_the_watermark_and_a_reopened_store_serves_from_the_registry()
    {
        var clock = new FakeTimeProvider(FeatureStoreScenario.T0.AddHours(3));
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend, clock);
        await using (var store = await FeatureRepository.OpenAsync(fixture.Workspace))
        {
            await store.ApplyAsync(FeatureStoreScenario.Definitions(FeatureStoreScenario.WriteStatsCsv(fixture.Folder.Path), withOnDemand: false));
            var first = await store.MaterializeIncrementalAsync(FeatureStoreScenario.T0.AddHours(3));
            Assert.Equal(5, first.Single().RowsWritten);
            Assert.Equal(30, first.Single().RowsRead);
            Assert.Equal(12L, (await store.GetOnlineFeaturesAsync("driver_model", [FeatureStoreScenario.Driver(1)]))[0, 1].Value);
        }

        await using (var store = await FeatureRepository.OpenAsync(fixture.Workspace))
        {
            var second = await store.MaterializeIncrementalAsync(FeatureStoreScenario.T0.AddHours(4));
            Assert.Equal(FeatureStoreScenario.T0.AddHours(3), second.Single().Start);
            Assert.Equal(5, second.Single().RowsWritten);
            Assert.Equal(13L, (await store.GetOnlineFeaturesAsync("driver_model", [FeatureStoreScenario.Driver(1)]))[0, 1].Value);
        }
    }

    private static async Task<List<string>> OnlineStateAsync(MLOps.Storage.MLOpsWorkspace workspace)
    {
        await using var connection = await workspace.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT view_name, entity_key, event_ts, created_ts, payload FROM {FeatureStoreMigrations.Online(workspace.Dialect)} ORDER BY view_name, entity_key";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}|{reader.GetString(1)}|{reader.GetInt64(2)}|{reader.GetInt64(3)}|{Convert.ToHexString((byte[])reader.GetValue(4))}");
        }

        return rows;
    }
}

public sealed class SqliteOnlineStoreContractTests : OnlineStoreContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlOnlineStoreContractTests : OnlineStoreContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
