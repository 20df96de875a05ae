using MLOps.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MLOps.FeatureStore.Tests.DependencyInjection;

/// <summary>AddFeatureStore registers one store over the host's workspace and validates options at registration.</summary>
public sealed class FeatureStoreRegistrationTests
{
    [Fact]
    public async Task The_store_resolves_once_over_the_workspace_and_bad_options_fail_when_added()
    {
        using var folder = new TempDirectory();
        var services = new ServiceCollection();
        services.AddMLOps().UseWorkspace(o => o.Path = folder.Combine(".mlops")).AddFeatureStore(o => o.MaterializeChunkRows = 10);
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<FeatureRepository>();
            Assert.Same(store, provider.GetRequiredService<FeatureRepository>());
            Assert.Equal(10, store.Options.MaterializeChunkRows);
            Assert.Empty(await store.ListAsync());
        }

        var error = Assert.Throws<ValidationException>(() => new ServiceCollection().AddMLOps().AddFeatureStore(o => o.MaterializeChunkRows = 0));
        Assert.Contains("MaterializeChunkRows", error.Message, StringComparison.Ordinal);
    }
}
