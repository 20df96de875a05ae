using BenchmarkDotNet.Running;

namespace MLOps.Benchmarks;

/// <summary>
/// Runs the suite's benchmarks: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*Blob*'</c>.
/// <c>-- write-models DIR</c> writes the inference benchmarks' models (mlp.onnx, forest.onnx) for <c>mlops model bench</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["write-models", var directory])
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(Path.Combine(directory, "mlp.onnx"), InferenceModels.Mlp(256, 512, 512, 10));
            File.WriteAllBytes(Path.Combine(directory, "forest.onnx"), InferenceModels.Forest(trees: 500, depth: 8, features: 32));
            Console.WriteLine($"wrote mlp.onnx (256→512→512→10) and forest.onnx (500 trees × depth 8 × 32 features) to {directory}");
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
