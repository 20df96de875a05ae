using BenchmarkDotNet.Attributes;
using MLOps.Serving;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Benchmarks;

/// <summary>
/// Loading a 100 MB model (25 M float parameters in four 2500 × 2500 Gemm layers) from disk:
/// parse, bind, optimize, pack weights and plan batch 1. Target ≤ 1 s.
/// Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*InferenceLoad*'</c>.
/// </summary>
// In-process: a generated child project would be restored inside the repository tree, next to other builds.
[MemoryDiagnoser]
[InProcess]
public class InferenceLoadBenchmarks
{
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"mlops-bench-100mb-{Guid.NewGuid():N}.onnx");
        const int size = 2500;
        var builder = new OnnxModelBuilder().AddInput("x", TensorElementType.Float32, "N", size);
        var current = "x";
        for (var i = 0; i < 4; i++)
        {
            builder.AddInitializer($"w{i}", Tensor.Create(new float[size * size], size, size));
            builder.AddNode("Gemm", [current, $"w{i}"], [$"y{i}"]);
            current = $"y{i}";
        }

        builder.AddOutput(current, TensorElementType.Float32, "N", size);
        builder.Save(_path);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public long Load100MegabyteModel()
    {
        using var model = OnnxModel.Load(_path);
        return model.ParameterCount;
    }
}
