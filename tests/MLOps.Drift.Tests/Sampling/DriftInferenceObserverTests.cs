using MLOps.Data;
using MLOps.Inference;
using MLOps.Tensors;

namespace MLOps.Drift.Tests.Sampling;

public sealed class DriftInferenceObserverTests
{
    private static InferenceObservation Observation(string model = "churn", int rows = 3) => new(
        model,
        "1",
        ["features", "segment"],
        [Tensor.Create(Enumerable.Range(0, rows * 2).Select(i => (float)i).ToArray(), rows, 2), Tensor.Create(Enumerable.Range(0, rows).Select(i => $"s{i}").ToArray(), rows)],
        ["probability"],
        [Tensor.Create(Enumerable.Range(0, rows).Select(i => i / 10.0).ToArray(), rows, 1)],
        DateTimeOffset.UnixEpoch);

    [Fact]
    public void Turns_tensors_into_named_columns_and_offers_them()
    {
        var sink = new RecordingSink();
        var observer = new DriftInferenceObserver(sink, new DriftInferenceObserverOptions
        {
            ModelName = "churn",
            FeatureNames = { ["features"] = ["tenure", "monthly"] },
        });

        observer.OnInference(Observation());
        observer.OnInference(Observation(model: "other"));

        var (inputs, outputs) = Assert.Single(sink.Offers);
        Assert.Equal(["tenure", "monthly", "segment"], inputs.Schema.Select(f => f.Name));
        Assert.Equal([0.0, 2.0, 4.0], inputs.Column<Float64Column>("tenure").ValueMemory.ToArray());
        Assert.Equal([1.0, 3.0, 5.0], inputs.Column<Float64Column>("monthly").ValueMemory.ToArray());
        Assert.Equal("s2", inputs.Column<StringColumn>("segment").GetValue(2));
        Assert.Equal([0.0, 0.1, 0.2], outputs!.Column<Float64Column>("probability").ValueMemory.ToArray());
        Assert.Equal((1, 1, 0), (observer.Observed, observer.Offered, observer.Dropped));
    }

    [Fact]
    public void A_full_sink_is_counted_and_sampling_skips_requests()
    {
        var full = new DriftInferenceObserver(new RecordingSink { Accept = false });
        var sampled = new DriftInferenceObserver(new RecordingSink(), new DriftInferenceObserverOptions { SampleRate = 0.25 });

        full.OnInference(Observation());
        for (var i = 0; i < 400; i++)
        {
            sampled.OnInference(Observation());
        }

        Assert.Equal(1, full.Dropped);
        Assert.InRange(sampled.Offered, 50, 150);
    }

    [Fact]
    public void Tensors_of_rank_three_are_skipped_and_bad_options_are_refused()
    {
        var observer = new DriftInferenceObserver(new RecordingSink());
        observer.OnInference(new InferenceObservation("m", "1", ["x"], [Tensor.Zeros<float>(2, 2, 2)], [], [], DateTimeOffset.UnixEpoch));

        Assert.Equal(1, observer.Skipped);
        var error = Assert.Throws<ValidationException>(() => new DriftInferenceObserver(new RecordingSink(), new DriftInferenceObserverOptions { SampleRate = 0 }));
        Assert.Contains("SampleRate", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingSink : IDriftSink
    {
        public bool Accept { get; init; } = true;

        public List<(RecordBatch Inputs, RecordBatch? Outputs)> Offers { get; } = [];

        public bool TryOffer(RecordBatch inputs, RecordBatch? outputs = null)
        {
            if (Accept)
            {
                Offers.Add((inputs, outputs));
            }

            return Accept;
        }
    }
}

public sealed class RunMetricsReportSinkTests
{
    [Fact]
    public async Task Logs_the_flattened_report_at_the_window_index()
    {
        var reference = TestData.Batch(("a", new Float64Column(TestData.Normal(300))));
        var current = TestData.Batch(("a", new Float64Column(TestData.Normal(300, shift: 2, seed: 9))));
        var report = new DriftAnalyzer().Compare(reference, current);
        var logger = new RecordingLogger();
        var sink = new RunMetricsReportSink(logger, "run-1");

        await sink.OnWindowAsync(new DriftWindowEventArgs("m", 7, 2100, report, DateTimeOffset.UnixEpoch), CancellationToken.None);

        var (runId, metrics, step) = Assert.Single(logger.Calls);
        Assert.Equal(("run-1", 7L), (runId, step));
        Assert.All(metrics, m => Assert.StartsWith("drift.", m.Key, StringComparison.Ordinal));
        Assert.Equal(DriftMetrics.Flatten(report).Count, metrics.Count);
    }

    private sealed class RecordingLogger : MLOps.Tracking.IRunMetricLogger
    {
        public List<(string RunId, IReadOnlyList<KeyValuePair<string, double>> Metrics, long Step)> Calls { get; } = [];

        public ValueTask LogMetricsAsync(string runId, IReadOnlyList<KeyValuePair<string, double>> metrics, long step, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
        {
            Calls.Add((runId, metrics, step));
            return ValueTask.CompletedTask;
        }
    }
}
