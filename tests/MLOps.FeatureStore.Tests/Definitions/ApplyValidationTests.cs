using MLOps.Data;
using MLOps.Testing;

namespace MLOps.FeatureStore.Tests.Definitions;

/// <summary>Definitions that do not fit their data fail at apply, naming the view, source and column, and nothing is registered.</summary>
public sealed class ApplyValidationTests
{
    [Fact]
    public async Task Missing_timestamp_column_type_mismatch_and_unknown_entity_fail_with_the_offending_name()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite);
        await using var store = await FeatureRepository.OpenAsync(fixture.Workspace);
        var csv = FeatureStoreScenario.WriteStatsCsv(fixture.Folder.Path);
        var driver = new Entity("driver", "driver_id");

        var missingTs = new FeatureView("v1", [driver], new CsvFileSource("s1", csv, "when"), [new Feature("trips", FeatureType.Int64)]);
        var error = await Assert.ThrowsAsync<ValidationException>(async () => await store.ApplyAsync(new FeatureDefinitions([driver], [missingTs])));
        Assert.Contains("Feature view 'v1': source 's1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("no timestamp column 'when'", error.Message, StringComparison.Ordinal);

        var mismatch = new FeatureView("v2", [driver], new CsvFileSource("s2", csv, "event_timestamp"), [new Feature("city", FeatureType.Int64)]);
        error = await Assert.ThrowsAsync<ValidationException>(async () => await store.ApplyAsync(new FeatureDefinitions([driver], [mismatch])));
        Assert.Contains("feature 'city' is declared int64 but the data holds String values", error.Message, StringComparison.Ordinal);

        var other = new Entity("rider", "rider_id");
        var unknown = new FeatureView("v3", [other], new CsvFileSource("s3", csv, "event_timestamp"), [new Feature("trips", FeatureType.Int64)]);
        error = Assert.Throws<ValidationException>(() => new FeatureDefinitions([driver], [unknown]));
        Assert.Contains("Feature view 'v3' names entity 'rider', which is not defined", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ValidationException>(() => new FeatureDefinitions([driver], [], [new FeatureService("svc", [new FeatureReference("v9", "x")])]));
        Assert.Contains("Feature service 'svc' names feature 'v9:x'", error.Message, StringComparison.Ordinal);

        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public void Output_columns_are_view_double_underscore_feature_and_references_parse()
    {
        Assert.Equal("driver_stats__trips", FeatureReference.Parse("driver_stats:trips").ColumnName);
        Assert.Throws<ValidationException>(() => FeatureReference.Parse("nocolon"));
        Assert.Throws<ValidationException>(() => new FeatureView("a__b", [new Entity("e", "k")], new RecordBatchSource("s", RecordBatch.Empty(new Schema(new Field("k", DataType.Int64))), "ts"), [new Feature("f", FeatureType.Int64)]));
    }
}
