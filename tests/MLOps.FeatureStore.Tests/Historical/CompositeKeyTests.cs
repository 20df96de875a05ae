using MLOps.Data;
using MLOps.Testing;

namespace MLOps.FeatureStore.Tests.Historical;

/// <summary>An entity with two join keys, and two views over different entities joined in one request, offline and online.</summary>
public sealed class CompositeKeyTests
{
    [Fact]
    public async Task Composite_keys_and_several_views_agree_offline_and_online()
    {
        var clock = new FakeTimeProvider(FeatureStoreScenario.T0.AddDays(1));
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite, clock);
        await using var store = await FeatureRepository.OpenAsync(fixture.Workspace);
        var pair = new Entity("store_item", [new Feature("store", FeatureType.String), new Feature("item", FeatureType.Int64)]);
        var store1 = new Entity("store_only", "store", FeatureType.String);
        var salesCsv = fixture.Folder.Combine("sales.csv");
        await File.WriteAllTextAsync(salesCsv, "store,item,ts,units\nS1,1,2024-01-01T01:00:00Z,5\nS1,2,2024-01-01T01:00:00Z,6\nS2,1,2024-01-01T01:00:00Z,7\nS1,1,2024-01-01T03:00:00Z,8\n");
        var storesCsv = fixture.Folder.Combine("stores.csv");
        await File.WriteAllTextAsync(storesCsv, "store,ts,size\nS1,2024-01-01T00:00:00Z,100\nS2,2024-01-01T02:00:00Z,200\n");
        var sales = new FeatureView("sales", [pair], new CsvFileSource("sales_src", salesCsv, "ts"), [new Feature("units", FeatureType.Int64)]);
        var stores = new FeatureView("stores", [store1], new CsvFileSource("stores_src", storesCsv, "ts"), [new Feature("size", FeatureType.Float64)]);
        var service = new FeatureService("demand", [new FeatureReference("sales", "units"), new FeatureReference("stores", "size")]);
        await store.ApplyAsync(new FeatureDefinitions([pair, store1], [sales, stores], [service]));

        var builder = new RecordBatchBuilder(new Schema(new Field("store", DataType.String), new Field("item", DataType.Int64), new Field("event_timestamp", DataType.Timestamp)));
        builder.AppendRow("S1", 1L, FeatureStoreScenario.T0.AddHours(2));
        builder.AppendRow("S2", 1L, FeatureStoreScenario.T0.AddHours(1));
        builder.AppendRow("S1", 1L, FeatureStoreScenario.T0.AddHours(4));
        builder.AppendRow("S1", 3L, FeatureStoreScenario.T0.AddHours(4));
        var result = await store.GetHistoricalFeaturesAsync(builder.Build(), "demand");
        Assert.Equal([5L, 7L, 8L, null], Enumerable.Range(0, 4).Select(result.Column<Int64Column>("sales__units").GetNullable));
        Assert.Equal([100.0, null, 100.0, 100.0], Enumerable.Range(0, 4).Select(result.Column<Float64Column>("stores__size").GetNullable));

        await store.MaterializeIncrementalAsync(FeatureStoreScenario.T0.AddDays(1));
        var online = await store.GetOnlineFeaturesAsync("demand", [
            new Dictionary<string, object?> { ["store"] = "S1", ["item"] = 1L },
            new Dictionary<string, object?> { ["store"] = "S2", ["item"] = "1" },
            new Dictionary<string, object?> { ["store"] = "S3", ["item"] = 1 },
        ]);
        Assert.Equal([8L, 7L, null], Enumerable.Range(0, 3).Select(r => online[r, 0].Value));
        Assert.Equal([100.0, 200.0, null], Enumerable.Range(0, 3).Select(r => online[r, 1].Value));
        Assert.Equal(FeatureStatus.NotFound, online[2, 1].Status);
    }
}
