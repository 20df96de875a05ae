using MLOps.Data;

namespace MLOps.Drift.Tests.Sampling;

public sealed class DriftSamplerTests
{
    private static RecordBatch Inputs(int n, double shift, int seed) => TestData.Batch(("x", new Float64Column(TestData.Normal(n, shift: shift, seed: seed))));

    [Fact]
    public async Task Offers_never_block_full_queues_drop_and_count_and_the_loop_drains_on_dispose()
    {
        var monitor = new DriftMonitor(ReferenceProfile.Create(Inputs(1000, 0, 1)), new DriftMonitorOptions { WindowSize = 100 });
        var sampler = new DriftSampler(monitor, new DriftSamplerOptions { Capacity = 4 });
        for (var i = 0; i < 10; i++)
        {
            sampler.TryOffer(Inputs(10, 0, 100 + i));
        }

        Assert.Equal(10, sampler.Offered);
        Assert.Equal(6, sampler.Dropped);
        var loop = sampler.RunAsync();
        await sampler.DisposeAsync();
        await loop;
        Assert.Equal(4, sampler.Processed);
        Assert.Equal(40, monitor.RowsObserved);
        Assert.False(sampler.TryOffer(Inputs(1, 0, 1)));
    }

    [Fact]
    public async Task Inputs_and_outputs_are_joined_and_every_window_reaches_the_report_sinks()
    {
        var reference = TestData.Batch(("x", new Float64Column(TestData.Normal(1000, seed: 1))), ("score", new Float64Column(TestData.Normal(1000, seed: 2))));
        var monitor = new DriftMonitor(ReferenceProfile.Create(reference), new DriftMonitorOptions { WindowSize = 200 });
        var sink = new RecordingSink();
        var sampler = new DriftSampler(monitor, sinks: [sink]);
        var loop = sampler.RunAsync();
        for (var i = 0; i < 8; i++)
        {
            var inputs = Inputs(50, 0, 10 + i);
            var outputs = TestData.Batch(("score", new Float64Column(TestData.Normal(50, shift: 3, seed: 20 + i))));
            Assert.True(sampler.TryOffer(inputs, outputs));
        }

        await sampler.DisposeAsync();
        await loop;
        Assert.Equal(2, sink.Windows.Count);
        Assert.All(sink.Windows, w => Assert.Contains("score", w.DriftedColumns));
        var metrics = DriftMetrics.Flatten(sink.Windows[0].Report);
        Assert.Contains(metrics, m => m.Key == "drift.score.drifted" && m.Value == 1);
        Assert.Contains(metrics, m => m.Key == "drift.dataset_drift");
    }

    [Fact]
    public void Sampling_keeps_about_the_configured_share_of_requests()
    {
        var monitor = new DriftMonitor(ReferenceProfile.Create(Inputs(100, 0, 1)), new DriftMonitorOptions { WindowSize = 100 });
        var sampler = new DriftSampler(monitor, new DriftSamplerOptions { SampleRate = 0.25, Capacity = 10_000 });
        var batch = Inputs(1, 0, 2);
        for (var i = 0; i < 4000; i++)
        {
            sampler.TryOffer(batch);
        }

        Assert.InRange(sampler.Sampled, 850, 1150);
        Assert.Equal(0, sampler.Dropped);
    }

    private sealed class RecordingSink : IDriftReportSink
    {
        public List<DriftWindowEventArgs> Windows { get; } = [];

        public ValueTask OnWindowAsync(DriftWindowEventArgs window, CancellationToken cancellationToken)
        {
            Windows.Add(window);
            return ValueTask.CompletedTask;
        }
    }
}
