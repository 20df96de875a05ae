using BenchmarkDotNet.Attributes;
using MLOps.Serving;
using MLOps.Tensors;

namespace MLOps.Benchmarks;

/// <summary>
/// TreeEnsembleRegressor, 500 complete trees of depth 8 over 32 float features, one kernel thread
/// (per core), Rows rows per call. rows/s = Rows / mean time; target ≥ 1,000,000 rows/s per core.
/// Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*TreeEnsemble*'</c>.
/// </summary>
// In-process: a generated child project would be restored inside the repository tree, next to other builds.
[MemoryDiagnoser]
[InProcess]
public class TreeEnsembleBenchmarks
{
    private OnnxModel _model = null!;
    private Tensor[] _inputs = [];
    private Tensor[] _outputs = [];

    [Params(1, 1000, 10000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = OnnxModel.Load(InferenceModels.Forest(trees: 500, depth: 8, features: 32), new InferenceOptions { ThreadCount = 1 });
        var random = new Random(2);
        _inputs = [Tensor.Create([.. Enumerable.Range(0, Rows * 32).Select(_ => (float)((random.NextDouble() * 2) - 1))], Rows, 32)];
        _outputs = [Tensor.Zeros<float>(Rows, 1)];
        _model.Run(_inputs, _outputs);
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    [Benchmark]
    public void Predict() => _model.Run(_inputs, _outputs);
}
