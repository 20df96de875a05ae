using Microsoft.Extensions.DependencyInjection;
using MLOps.Testing;

namespace MLOps.Tracking.Tests.DependencyInjection;

public sealed class AddTrackingTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AddTracking_registers_one_store_and_registry_over_the_workspace()
    {
        var services = new ServiceCollection();
        services.AddMLOps().UseWorkspace(o => o.Path = _folder.Combine(".mlops")).AddTracking(o => o.User = "svc").AddTracking();
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<TrackingStore>();
            Assert.Same(store, provider.GetRequiredService<TrackingStore>());
            Assert.Same(store.Models, provider.GetRequiredService<ModelRegistry>());
            Assert.Equal("svc", store.Options.User);
            await using var run = await store.StartRunAsync("di");
            run.LogMetric("loss", 1);
        }

        // Disposing the container flushed the point.
        await using var reopened = await TrackingStore.OpenAsync(_folder.Combine(".mlops"));
        var runs = await reopened.Runs.SearchAsync(new RunQuery());
        Assert.Equal(1, Assert.Single(runs.Runs).Metrics["loss"].Last);
    }

    [Fact]
    public void Bad_options_fail_when_added_and_a_missing_workspace_fails_when_resolved()
    {
        var error = Assert.Throws<ValidationException>(() => new ServiceCollection().AddMLOps().AddTracking(o => o.MetricBufferCapacity = 0));
        Assert.Contains("MetricBufferCapacity", error.Message, StringComparison.Ordinal);
        var services = new ServiceCollection();
        services.AddMLOps().AddTracking();
        using var provider = services.BuildServiceProvider();
        Assert.Contains("UseWorkspace", Assert.Throws<ValidationException>(provider.GetRequiredService<TrackingStore>).Message, StringComparison.Ordinal);
    }
}
