using MLOps.Serving.Graph;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Optimizer;

/// <summary>
/// Conv (constant float weights and bias) followed by BatchNormalization with constant statistics:
/// the normalization is folded into the weights and bias, <c>W' = W · s</c> and
/// <c>b' = (b − mean) · s + B</c> with <c>s = scale / √(var + ε)</c> per output channel.
/// </summary>
internal static class ConvBatchNormFusion
{
    public static void Run(ModelGraph graph)
    {
        foreach (var node in graph.Nodes.ToList())
        {
            if (node.Operator is not ConvOperator { FoldedWeights: null, Activation: null } conv ||
                node.Input(1)?.Constant is not { Type: DataType.Float } weights ||
                (node.Inputs.Length > 2 && node.Input(2) is { } b && b.Constant is not { Type: DataType.Float }))
            {
                continue;
            }

            if (FusionRewriter.SoleConsumer(node) is not { Operator: BatchNormalizationOperator norm } bn || bn.Input(0) != node.Outputs[0] ||
                bn.Inputs.Length < 5 || bn.Inputs.Skip(1).Take(4).Any(i => i?.Constant is not { Type: DataType.Float }))
            {
                continue;
            }

            var filters = weights.Shape[0];
            var scale = bn.Input(1)!.Constant!.Span<float>();
            var shift = bn.Input(2)!.Constant!.Span<float>();
            var mean = bn.Input(3)!.Constant!.Span<float>();
            var variance = bn.Input(4)!.Constant!.Span<float>();
            if (scale.Length != filters || shift.Length != filters || mean.Length != filters || variance.Length != filters)
            {
                continue;
            }

            var folded = TensorData.Allocate(DataType.Float, weights.Shape);
            var source = weights.Span<float>();
            var target = folded.Span<float>();
            var perFilter = source.Length / filters;
            var bias = new float[filters];
            var oldBias = node.Inputs.Length > 2 && node.Input(2) is { } existing ? existing.Constant!.Span<float>() : default;
            for (var f = 0; f < filters; f++)
            {
                var s = scale[f] / MathF.Sqrt(variance[f] + norm.Epsilon);
                for (var i = 0; i < perFilter; i++)
                {
                    target[(f * perFilter) + i] = source[(f * perFilter) + i] * s;
                }

                bias[f] = (((oldBias.IsEmpty ? 0 : oldBias[f]) - mean[f]) * s) + shift[f];
            }

            conv.FoldedWeights = folded;
            conv.FoldedBias = bias;
            node.Inputs = [node.Input(0)];
            FusionRewriter.Absorb(graph, node, bn);
        }
    }
}
