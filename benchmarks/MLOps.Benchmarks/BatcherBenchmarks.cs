using BenchmarkDotNet.Attributes;
using MLOps.Serving;
using MLOps.Tensors;

namespace MLOps.Benchmarks;

/// <summary>
/// The dynamic batcher's own cost at concurrency 1 with zero queue delay: one single-row request on the
/// 256→512→512→10 MLP through <see cref="DynamicBatcher.InferAsync"/> against the same call on the
/// engine directly (allocating outputs, as the batcher does). The difference is the batcher overhead
/// (target ≤ 20 µs). Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*BatcherBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class BatcherBenchmarks
{
    private OnnxModel _model = null!;
    private DynamicBatcher _batcher = null!;
    private InferenceRequest _request = null!;
    private Dictionary<string, Tensor> _feed = [];

    [GlobalSetup]
    public void Setup()
    {
        _model = OnnxModel.Load(InferenceModels.Mlp(256, 512, 512, 10), new InferenceOptions { ThreadCount = 1 });
        var random = new Random(1);
        var input = Tensor.Create([.. Enumerable.Range(0, 256).Select(_ => (float)random.NextDouble())], 1, 256);
        _feed = new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["input"] = input };
        _request = new InferenceRequest(input);
        _batcher = new DynamicBatcher(_model, new BatchingOptions { MaxBatchSize = 64 });
        _model.Run(_feed);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _batcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _model.Dispose();
    }

    [Benchmark(Baseline = true)]
    public IReadOnlyDictionary<string, Tensor> Engine() => _model.Run(_feed);

    [Benchmark]
    public async Task<InferenceResponse> Batcher() => await _batcher.InferAsync(_request);
}
