using MLOps.Serving.Graph;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Optimizer;

/// <summary>
/// Gemm or MatMul (with constant float weights) followed by an Add of a constant row vector [N]:
/// the bias moves into the GEMM epilogue and the Add disappears.
/// </summary>
internal static class DenseBiasFusion
{
    public static void Run(ModelGraph graph)
    {
        foreach (var node in graph.Nodes.ToList())
        {
            if (node.Operator is not (GemmOperator or MatMulOperator) || node.Input(1)?.Constant is not { Type: DataType.Float, Shape.Length: 2 } weights)
            {
                continue;
            }

            if (FusionRewriter.SoleConsumer(node) is not { OpType: "Add", Domain: "" } add || add.Opset < 7)
            {
                continue;
            }

            if (FusionRewriter.Other(add, node.Outputs[0]!) is not { Constant: { Type: DataType.Float } bias } ||
                !DenseShapes.IsColumnVector(add, ReferenceEquals(add.Inputs[0], node.Outputs[0]) ? 1 : 0, out var n))
            {
                continue;
            }

            var values = bias.Span<float>().ToArray();
            switch (node.Operator)
            {
                case GemmOperator { FusedBias: null, Activation: null } gemm:
                    var columns = node.Attributes.GetInt("transB", 0) != 0 ? weights.Shape[0] : weights.Shape[1];
                    if (columns != n || !MergeC(node, gemm, values))
                    {
                        continue;
                    }

                    gemm.FusedBias = values;
                    node.Inputs = node.Inputs.Take(2).ToArray();
                    break;
                case MatMulOperator { Bias: null, Activation: null } matMul when weights.Shape[1] == n:
                    matMul.Bias = values;
                    break;
                default:
                    continue;
            }

            FusionRewriter.Absorb(graph, node, add);
        }
    }

    /// <summary>Adds beta · C into the bias when Gemm has a C; only a constant row vector C can merge.</summary>
    private static bool MergeC(Node node, GemmOperator gemm, float[] bias)
    {
        if (node.Inputs.Length < 3 || node.Input(2) is null)
        {
            return true;
        }

        if (node.Input(2)!.Constant is not { Type: DataType.Float } c || !DenseShapes.IsColumnVector(node, 2, out var n) || n != bias.Length)
        {
            return false;
        }

        var values = c.Span<float>();
        for (var i = 0; i < bias.Length; i++)
        {
            bias[i] += gemm.Beta * values[i];
        }

        return true;
    }
}
