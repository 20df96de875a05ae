using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Benchmarks;

/// <summary>The models the inference benchmarks run, built with <see cref="OnnxModelBuilder"/>.</summary>
internal static class InferenceModels
{
    /// <summary>An MLP: Gemm + Relu for each hidden layer, a final Gemm and a Softmax (the suite's <see cref="SyntheticModels.Mlp"/>).</summary>
    public static byte[] Mlp(params int[] sizes) => SyntheticModels.Mlp(sizes);

    /// <summary>A regression forest of complete trees of one depth over dense features (thresholds drawn from the feature range).</summary>
    public static byte[] Forest(int trees, int depth, int features, int seed = 5)
    {
        var random = new Random(seed);
        var ensemble = new OnnxTreeEnsemble();
        var internalNodes = (1 << depth) - 1;
        for (var t = 0; t < trees; t++)
        {
            for (var n = 0; n < (2 * internalNodes) + 1; n++)
            {
                if (n < internalNodes)
                {
                    ensemble.AddBranch(t, n, random.Next(features), (float)((random.NextDouble() * 2) - 1), (2 * n) + 1, (2 * n) + 2);
                }
                else
                {
                    ensemble.AddLeaf(t, n, (float)((random.NextDouble() * 2) - 1) / trees);
                }
            }
        }

        return new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", features)
            .AddNode("TreeEnsembleRegressor", ["x"], ["y"], a => ensemble.ApplyTo(a).Set("n_targets", 1L), domain: "ai.onnx.ml")
            .AddOutput("y", TensorElementType.Float32, "N", 1)
            .ToBytes();
    }
}
