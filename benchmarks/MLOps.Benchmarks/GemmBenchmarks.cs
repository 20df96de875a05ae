using BenchmarkDotNet.Attributes;
using MLOps.Serving.Execution;
using MLOps.Serving.Kernels;

namespace MLOps.Benchmarks;

/// <summary>
/// SGEMM C = A·B at N × N × N (B packed once, as weights are) on 1 and 2 threads.
/// GFLOP/s = 2·N³ / mean time. Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*Gemm*'</c>.
/// </summary>
// In-process: a generated child project would be restored inside the repository tree, next to other builds.
[MemoryDiagnoser]
[InProcess]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private float[] _packed = [];
    private ParallelRunner _runner = null!;

    [Params(256, 1024)]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _a = [.. Enumerable.Range(0, Size * Size).Select(_ => (float)random.NextDouble())];
        _b = [.. Enumerable.Range(0, Size * Size).Select(_ => (float)random.NextDouble())];
        _c = new float[Size * Size];
        _packed = new float[Sgemm.PackedSize(Size, Size)];
        _runner = new ParallelRunner(Threads);
        Sgemm.Multiply(_a, false, _b, false, _packed, false, _c, Size, Size, Size, 1, false, default, GemmActivation.None, _runner);
    }

    [GlobalCleanup]
    public void Cleanup() => _runner.Dispose();

    /// <summary>Multiply with B pre-packed (the inference case: B is a weight matrix).</summary>
    [Benchmark]
    public void PrepackedB() =>
        Sgemm.Multiply(_a, false, _b, false, _packed, true, _c, Size, Size, Size, 1, false, default, GemmActivation.None, _runner);

    /// <summary>Multiply including packing B (both operands are activations).</summary>
    [Benchmark]
    public void PackingB() =>
        Sgemm.Multiply(_a, false, _b, false, _packed, false, _c, Size, Size, Size, 1, false, default, GemmActivation.None, _runner);
}
