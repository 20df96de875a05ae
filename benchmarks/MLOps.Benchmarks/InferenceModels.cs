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
        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var featureIds = new List<long>();
        var modes = new List<string>();
        var values = new List<float>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var weightTree = new List<long>();
        var weightNode = new List<long>();
        var weightTarget = new List<long>();
        var weights = new List<float>();
        var internalNodes = (1 << depth) - 1;
        for (var t = 0; t < trees; t++)
        {
            for (var n = 0; n < (2 * internalNodes) + 1; n++)
            {
                treeIds.Add(t);
                nodeIds.Add(n);
                if (n < internalNodes)
                {
                    featureIds.Add(random.Next(features));
                    modes.Add("BRANCH_LEQ");
                    values.Add((float)((random.NextDouble() * 2) - 1));
                    trueIds.Add((2 * n) + 1);
                    falseIds.Add((2 * n) + 2);
                }
                else
                {
                    featureIds.Add(0);
                    modes.Add("LEAF");
                    values.Add(0);
                    trueIds.Add(0);
                    falseIds.Add(0);
                    weightTree.Add(t);
                    weightNode.Add(n);
                    weightTarget.Add(0);
                    weights.Add((float)((random.NextDouble() * 2) - 1) / trees);
                }
            }
        }

        return new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", features)
            .AddNode("TreeEnsembleRegressor", ["x"], ["y"], a => a
                .Set("nodes_treeids", treeIds).Set("nodes_nodeids", nodeIds).Set("nodes_featureids", featureIds)
                .Set("nodes_modes", modes).Set("nodes_values", values).Set("nodes_truenodeids", trueIds).Set("nodes_falsenodeids", falseIds)
                .Set("target_treeids", weightTree).Set("target_nodeids", weightNode).Set("target_ids", weightTarget).Set("target_weights", weights)
                .Set("n_targets", 1L), domain: "ai.onnx.ml")
            .AddOutput("y", TensorElementType.Float32, "N", 1)
            .ToBytes();
    }
}
