using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Data;
using MLOps.Drift;
using MLOps.Inference;
using MLOps.Serving.Onnx;
using MLOps.Testing;

namespace MLOps.Serving.AspNetCore.Tests.Endpoints;

/// <summary>The serving tap end to end: HTTP requests to Kestrel → repository → drift observer → sampler → monitor.</summary>
public sealed class DriftTapTests : IDisposable
{
    private readonly TempDirectory _directory = new("mlops-tap");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Shifted_traffic_over_http_reaches_the_drift_monitor_and_is_flagged()
    {
        var path = _directory.Combine("mlp.onnx");
        await File.WriteAllBytesAsync(path, SyntheticModels.Mlp([4, 8, 3]));
        string[] features = ["f0", "f1", "f2", "f3"];
        var monitor = new DriftMonitor(ReferenceProfile.Create(Reference(features, 2000)), new DriftMonitorOptions { WindowSize = 200 });
        await using var sampler = new DriftSampler(monitor);
        using var stop = new CancellationTokenSource();
        var loop = sampler.RunAsync(stop.Token);
        var tap = new DriftInferenceObserver(sampler, new DriftInferenceObserverOptions { ModelName = "mlp", IncludeOutputs = false, FeatureNames = { ["input"] = features } });
        await using (var host = await ServingHost.StartAsync(s => s.AddModel("mlp", path), mlops: b => b.Services.AddSingleton<IInferenceObserver>(tap)))
        {
            var random = new Random(7);
            for (var i = 0; i < 200; i++)
            {
                var row = string.Join(",", Enumerable.Range(0, 4).Select(_ => (3 + Normal(random)).ToString("R", CultureInfo.InvariantCulture)));
                using var content = new StringContent($$"""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[{{row}}]}]}""", Encoding.UTF8, "application/json");
                using var response = await host.Client.PostAsync(new Uri("/v2/models/mlp/infer", UriKind.Relative), content);
                response.EnsureSuccessStatusCode();
            }
        }

        for (var i = 0; i < 500 && monitor.WindowsEvaluated == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal((200L, 200L, 0L), (tap.Observed, tap.Offered, tap.Dropped));
        Assert.Equal(1, monitor.WindowsEvaluated);
        Assert.True(monitor.IsDrifting);
        Assert.True(monitor.LastReport!.DatasetDrift);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    private static RecordBatch Reference(string[] features, int rows)
    {
        var random = new Random(1);
        var fields = features.Select(f => new Field(f, DataType.Float64)).ToList();
        var columns = features.Select(_ => (Column)new Float64Column(Enumerable.Range(0, rows).Select(_ => Normal(random)).ToArray())).ToList();
        return new RecordBatch(new Schema(fields), columns);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
