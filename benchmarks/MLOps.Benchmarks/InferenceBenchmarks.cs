using BenchmarkDotNet.Attributes;
using MLOps.Serving;
using MLOps.Tensors;

namespace MLOps.Benchmarks;

/// <summary>
/// The MLP 256→512→512→10 (Gemm+Relu ×2, Gemm, Softmax), float32, 2 threads, one call per
/// operation into preallocated outputs. rows/s = Batch / mean time. ONNX Runtime 1.30 (CPU provider)
/// on these machines: about 29,000 calls/s at batch 1 and 300,000 rows/s at batch 256.
/// Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*InferenceBenchmarks*'</c>.
/// </summary>
// In-process: a generated child project would be restored inside the repository tree, next to other builds.
[MemoryDiagnoser]
[InProcess]
public class InferenceBenchmarks
{
    private OnnxModel _model = null!;
    private Tensor[] _inputs = [];
    private Tensor[] _outputs = [];

    [Params(1, 16, 64, 256)]
    public int Batch { get; set; }

    [Params(2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = OnnxModel.Load(InferenceModels.Mlp(256, 512, 512, 10), new InferenceOptions { ThreadCount = Threads });
        var random = new Random(1);
        _inputs = [Tensor.Create([.. Enumerable.Range(0, Batch * 256).Select(_ => (float)random.NextDouble())], Batch, 256)];
        _outputs = [Tensor.Zeros<float>(Batch, 10)];
        _model.Run(_inputs, _outputs);
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    [Benchmark]
    public void Mlp() => _model.Run(_inputs, _outputs);
}
