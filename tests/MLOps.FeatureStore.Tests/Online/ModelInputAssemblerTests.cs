using MLOps.Testing;

namespace MLOps.FeatureStore.Tests.Online;

/// <summary>The serving hook assembles a float32 [entities, features] tensor from online features.</summary>
public sealed class ModelInputAssemblerTests
{
    [Fact]
    public async Task Entity_keys_become_a_model_input_with_missing_values_marked()
    {
        var clock = new FakeTimeProvider(FeatureStoreScenario.T0.AddHours(6));
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite, clock);
        await using var store = await FeatureRepository.OpenAsync(fixture.Workspace);
        var csv = FeatureStoreScenario.WriteStatsCsv(fixture.Folder.Path);
        var baseline = FeatureStoreScenario.Definitions(csv);
        var numeric = new FeatureService("numeric", [new FeatureReference("driver_stats", "conv_rate"), new FeatureReference("driver_stats", "trips"), new FeatureReference("driver_stats", "active"), new FeatureReference("adjusted", "trips_plus_bonus")]);
        await store.ApplyAsync(new FeatureDefinitions(baseline.Entities.Values, baseline.Views.Values, [numeric, .. baseline.Services.Values], baseline.OnDemandViews.Values));
        await store.MaterializeAsync(FeatureStoreScenario.T0, FeatureStoreScenario.T0.AddHours(6));

        var assembler = new ModelInputAssembler(store, "numeric") { MissingValue = -1 };
        var tensor = await assembler.AssembleAsync([FeatureStoreScenario.Driver(4, 1), FeatureStoreScenario.Driver(99)]);
        Assert.Equal([2, 4], tensor.Shape.Dimensions.ToArray());
        Assert.Equal([0.45f, 45f, 1f, 46f, -1f, -1f, -1f, -1f], tensor.Span.ToArray());
        Assert.Throws<ValidationException>(() => new ModelInputAssembler(store, "driver_model"));
    }
}
