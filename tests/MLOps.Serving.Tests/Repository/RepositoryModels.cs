using MLOps.Serving.Onnx;
using MLOps.Tensors;
using MLOps.Testing;

namespace MLOps.Serving.Tests.Repository;

/// <summary>Model files and executors the repository tests serve.</summary>
internal static class RepositoryModels
{
    public static readonly int[] Sizes = [8, 16, 3];

    public static string WriteMlp(TempDirectory directory, string name = "mlp.onnx", int seed = 3)
    {
        var path = directory.Combine(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, SyntheticModels.Mlp(Sizes, seed));
        return path;
    }

    public static InferenceRequest Request(int rows = 1, int seed = 1) =>
        new(Tensor.Create(TestModels.Random(rows * Sizes[0], seed), rows, Sizes[0]));

    /// <summary>An executor over a real model whose runs wait on a gate the test opens.</summary>
    public sealed class GatedExecutor(IModelExecutor inner) : IModelExecutor
    {
        public SemaphoreSlim Gate { get; } = new(0);

        public bool Disposed { get; private set; }

        public int Runs;

        public ModelSignature Signature => inner.Signature;

        public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
        {
            Interlocked.Increment(ref Runs);
            Gate.Wait();
            return inner.Run(inputs);
        }

        public void Run(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs) => inner.Run(inputs, outputs);

        public IReadOnlyList<TensorShape> GetOutputShapes(ReadOnlySpan<TensorShape> inputShapes) => inner.GetOutputShapes(inputShapes);

        public void Dispose()
        {
            Disposed = true;
            inner.Dispose();
            Gate.Dispose();
        }
    }
}
