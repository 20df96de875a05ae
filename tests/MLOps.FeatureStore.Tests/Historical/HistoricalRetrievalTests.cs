using MLOps.Data;
using MLOps.DataVersioning;
using MLOps.Storage.Sql;
using MLOps.Testing;

namespace MLOps.FeatureStore.Tests.Historical;

/// <summary>Historical retrieval through the store: CSV, dataset-version and SQL sources, on-demand features offline, CSV streaming, training-set lineage.</summary>
public sealed class HistoricalRetrievalTests
{
    private static RecordBatch EntityRows(params (long Driver, int Hour, double Bonus)[] rows)
    {
        var builder = new RecordBatchBuilder(new Schema(new Field("driver_id", DataType.Int64), new Field("event_timestamp", DataType.Timestamp), new Field("bonus", DataType.Float64)));
        foreach (var (d, h, b) in rows)
        {
            builder.AppendRow(d, FeatureStoreScenario.T0.AddHours(h).AddMinutes(30), b);
        }

        return builder.Build();
    }

    [Fact]
    public async Task A_service_with_on_demand_features_is_joined_in_input_order_with_pass_through_columns()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite);
        await using var store = await FeatureRepository.OpenAsync(fixture.Workspace);
        await store.ApplyAsync(FeatureStoreScenario.Definitions(FeatureStoreScenario.WriteStatsCsv(fixture.Folder.Path)));

        var result = await store.GetHistoricalFeaturesAsync(EntityRows((3, 2, 1), (1, 0, 0.5), (1, -1, 0), (3, 2, 1), (7, 1, 0), (1, 4, 0)), "driver_model");
        Assert.Equal(["driver_id", "event_timestamp", "bonus", "driver_stats__conv_rate", "driver_stats__trips", "driver_stats__city", "driver_stats__active", "adjusted__trips_plus_bonus"], result.Schema.Select(f => f.Name));
        var trips = result.Column<Int64Column>("driver_stats__trips");
        Assert.Equal([32L, 10L, null, 32L, null, 14L], Enumerable.Range(0, 6).Select(trips.GetNullable));
        Assert.Equal([33.0, 10.5, null, 33.0, null, 14.0], Enumerable.Range(0, 6).Select(result.Column<Float64Column>("adjusted__trips_plus_bonus").GetNullable));
        Assert.Equal("c3", result.Column<StringColumn>("driver_stats__city")[0]);
        Assert.False(result.Column<BooleanColumn>("driver_stats__active")[0]);
    }

    [Fact]
    public async Task Ttl_bounds_are_inclusive_offline()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite);
        await using var store = await FeatureRepository.OpenAsync(fixture.Workspace);
        store.Use(FeatureStoreScenario.Definitions(FeatureStoreScenario.WriteStatsCsv(fixture.Folder.Path, hours: 1), TimeSpan.FromHours(2), withOnDemand: false));
        var builder = new RecordBatchBuilder(new Schema(new Field("driver_id", DataType.Int64), new Field("event_timestamp", DataType.Timestamp)));
        builder.AppendRow(1L, FeatureStoreScenario.T0.AddHours(2));
        builder.AppendRow(1L, FeatureStoreScenario.T0.AddHours(2).AddTicks(10));
        builder.AppendRow(1L, FeatureStoreScenario.T0);
        var result = await store.GetHistoricalFeaturesAsync(builder.Build(), [new FeatureReference("driver_stats", "trips")]);
        Assert.Equal([10L, null, 10L], Enumerable.Range(0, 3).Select(result.Column<Int64Column>(2).GetNullable));
    }

    [Fact]
    public async Task Entity_csv_is_streamed_in_chunks_to_an_output_csv()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite);
        await using var store = await FeatureRepository.OpenAsync(fixture.Workspace, new FeatureStoreOptions { Historical = new HistoricalRetrievalOptions { ChunkRows = 2 } });
        store.Use(FeatureStoreScenario.Definitions(FeatureStoreScenario.WriteStatsCsv(fixture.Folder.Path), withOnDemand: false));
        var entities = fixture.Folder.Combine("entities.csv");
        await File.WriteAllTextAsync(entities, "driver_id,event_timestamp,label\n1,2024-01-01T03:00:00Z,a\n2,2024-01-01T00:30:00Z,b\n9,2024-01-01T03:00:00Z,c\n1,2023-12-31T00:00:00Z,d\n5,2024-01-01T05:00:00Z,e\n");
        var output = fixture.Folder.Combine("out.csv");
        var rows = await store.WriteHistoricalFeaturesAsync(entities, [new FeatureReference("driver_stats", "trips"), new FeatureReference("driver_stats", "conv_rate")], output);
        Assert.Equal(5, rows);
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal("driver_id,event_timestamp,label,driver_stats__trips,driver_stats__conv_rate", lines[0]);
        Assert.Equal(["a", "b", "c", "d", "e"], lines.Skip(1).Select(l => l.Split(',')[2]));
        Assert.Equal(["13", "20", "", "", "55"], lines.Skip(1).Select(l => l.Split(',')[3]));
    }

    [Fact]
    public async Task Dataset_version_and_sql_table_sources_and_a_saved_training_set_carry_lineage()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite);
        var data = fixture.Folder.Combine("data");
        Directory.CreateDirectory(data);
        FeatureStoreScenario.WriteStatsCsv(data);
        var repository = await DataRepository.OpenAsync(fixture.Workspace);
        await repository.CommitAsync(data, "stats", "v1");
        await repository.TagAsync("stats", "stats", "v1");
        await fixture.Workspace.Database.WriteAsync(async (c, t, ct) =>
        {
            await c.ExecuteAsync("CREATE TABLE city_scores (city TEXT, ts INTEGER, score REAL)", t, ct);
            await c.ExecuteAsync("INSERT INTO city_scores VALUES ('c1', 1704067200000000, 0.5), ('c1', 1704074400000000, 0.9)", t, ct);
        });

        var driver = new Entity("driver", "driver_id");
        var city = new Entity("city", "city", FeatureType.String);
        var stats = new FeatureView("stats", [driver], new DatasetVersionSource("stats_v1", "stats@v1", "stats.csv", "event_timestamp", "created"), [new Feature("trips", FeatureType.Int64)]);
        var scores = new FeatureView("scores", [city], new SqlTableSource("scores_table", "city_scores", "ts"), [new Feature("score", FeatureType.Float64)]);
        var service = new FeatureService("train", [new FeatureReference("stats", "trips"), new FeatureReference("scores", "score")]);
        await using var store = await FeatureRepository.OpenAsync(fixture.Workspace);
        await store.ApplyAsync(new FeatureDefinitions([driver, city], [stats, scores], [service]));

        var builder = new RecordBatchBuilder(new Schema(new Field("driver_id", DataType.Int64), new Field("city", DataType.String), new Field("event_timestamp", DataType.Timestamp)));
        builder.AppendRow(1L, "c1", FeatureStoreScenario.T0.AddHours(1));
        builder.AppendRow(2L, "c1", FeatureStoreScenario.T0.AddHours(3));
        var entityRows = builder.Build();
        var saved = await store.SaveTrainingSetAsync(entityRows, "train", "training");
        Assert.Equal([11L, 23L], [saved.Rows.Column<Int64Column>("stats__trips")[0], saved.Rows.Column<Int64Column>("stats__trips")[1]]);
        Assert.Equal([0.5, 0.9], [saved.Rows.Column<Float64Column>("scores__score")[0], saved.Rows.Column<Float64Column>("scores__score")[1]]);

        var commit = await repository.GetCommitAsync(ContentHash.Parse(saved.Dataset.Commit));
        var metadata = commit.Metadata.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("features:train", metadata["feature_service"]);
        Assert.Equal(saved.EntityRowsHash.ToString(), metadata["entity_rows_sha256"]);
        var reread = await repository.ReadCsvAsync(saved.Dataset.Commit, "training.csv");
        Assert.Equal(2, reread.RowCount);
    }
}
