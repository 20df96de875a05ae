using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Optimizer;

/// <summary>
/// Gemm, MatMul or Conv followed by an activation (Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid,
/// Clip with constant bounds): the activation runs as the GEMM stores its tiles (Relu) or over the
/// output while it is in cache, and the activation node disappears.
/// </summary>
internal static class ActivationFusion
{
    public static void Run(ModelGraph graph)
    {
        foreach (var node in graph.Nodes.ToList())
        {
            if (!IsFloatDense(node) || FusionRewriter.SoleConsumer(node) is not { Domain: "" } next || next.Inputs[0] != node.Outputs[0])
            {
                continue;
            }

            if (Activation(next) is not { } activation)
            {
                continue;
            }

            switch (node.Operator)
            {
                case GemmOperator { Activation: null } gemm:
                    gemm.Activation = activation;
                    break;
                case MatMulOperator { Activation: null } matMul:
                    matMul.Activation = activation;
                    break;
                case ConvOperator { Activation: null } conv:
                    conv.Activation = activation;
                    break;
                default:
                    continue;
            }

            FusionRewriter.Absorb(graph, node, next);
        }
    }

    private static bool IsFloatDense(Node node) => node.Operator switch
    {
        GemmOperator or MatMulOperator => node.Input(1)?.Constant is { Type: DataType.Float },
        ConvOperator conv => conv.FoldedWeights is not null || node.Input(1)?.Constant is { Type: DataType.Float },
        _ => false,
    };

    private static FusedActivation? Activation(Node node)
    {
        var a = node.Attributes;
        switch (node.OpType)
        {
            case "Relu":
                return FusedActivation.Relu;
            case "LeakyRelu":
                return FusedActivation.Unary(new UnaryFunction("LeakyRelu", a.GetFloat("alpha", 0.01f), 0, 0, false));
            case "Sigmoid":
            case "Tanh":
                return FusedActivation.Unary(new UnaryFunction(node.OpType, 0, 0, 0, false));
            case "HardSigmoid":
                return FusedActivation.Unary(new UnaryFunction("HardSigmoid", a.GetFloat("alpha", 0.2f), a.GetFloat("beta", 0.5f), 0, false));
            case "Clip" when node.Opset < 11:
                return FusedActivation.Clip(a.GetFloat("min", float.MinValue), a.GetFloat("max", float.MaxValue));
            case "Clip":
                var min = node.Inputs.Length > 1 ? node.Input(1) : null;
                var max = node.Inputs.Length > 2 ? node.Input(2) : null;
                if ((min is not null && min.Constant is not { Type: DataType.Float, Length: 1 }) || (max is not null && max.Constant is not { Type: DataType.Float, Length: 1 }))
                {
                    return null;
                }

                return FusedActivation.Clip(min?.Constant!.Span<float>()[0] ?? float.NegativeInfinity, max?.Constant!.Span<float>()[0] ?? float.PositiveInfinity);
            default:
                return null;
        }
    }
}
