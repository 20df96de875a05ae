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

    [Fact]
    public async Task AddTracking_registers_the_metric_logger_and_the_registry_resolver_seams()
    {
        var services = new ServiceCollection();
        services.AddMLOps().UseWorkspace(o => o.Path = _folder.Combine(".mlops")).AddTracking();
        string runId;
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<TrackingStore>();
            await using var run = await store.StartRunAsync("seams");
            runId = run.Id;
            await using (var content = new MemoryStream([1, 2, 3]))
            {
                await store.Artifacts.LogAsync(runId, "model.onnx", content);
            }

            await store.Models.RegisterVersionAsync("churn", runId, "model.onnx");
            await store.Models.SetAliasAsync("churn", "champion", 1);
            var logger = provider.GetRequiredService<IRunMetricLogger>();
            await logger.LogMetricsAsync(runId, [new("drift.share", 0.25), new("drift.dataset", 1)], step: 3, DateTimeOffset.UnixEpoch);

            var artifact = await provider.GetRequiredService<MLOps.Inference.IModelArtifactResolver>().ResolveAsync(MLOps.Lineage.LineageReference.Parse("model:churn@champion"));
            Assert.Equal(("churn", 1), (artifact.ModelName, artifact.Version));
            await using var stream = await artifact.OpenAsync();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal([1, 2, 3], copy.ToArray());
            await Assert.ThrowsAsync<NotFoundException>(async () => await provider.GetRequiredService<MLOps.Inference.IModelArtifactResolver>().ResolveAsync(MLOps.Lineage.LineageReference.Parse("model:churn@missing")));
        }

        await using var reopened = await TrackingStore.OpenAsync(_folder.Combine(".mlops"));
        var point = await reopened.Metrics.GetValueAtStepAsync(runId, "drift.share", 3);
        Assert.Equal(0.25, point!.Value.Value);
    }
}
