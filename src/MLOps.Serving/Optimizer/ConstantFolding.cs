using MLOps.Serving.Execution;
using MLOps.Serving.Graph;

namespace MLOps.Serving.Optimizer;

/// <summary>
/// Evaluates, at load time, every node whose inputs are all initializers or folded constants (a
/// Constant node, a weight transposed or reshaped in the graph), replacing it with its result.
/// </summary>
internal static class ConstantFolding
{
    /// <summary>Results larger than this stay computed at run time rather than bloating the model in memory.</summary>
    private const long MaxFoldedElements = 1 << 24;

    public static void Run(ModelGraph graph)
    {
        using var runner = new ParallelRunner(1);
        var kept = new List<Node>();
        foreach (var node in graph.Nodes)
        {
            if (!node.Inputs.All(i => i is null || i.Constant is not null) || node.Outputs.All(o => o is null))
            {
                kept.Add(node);
                continue;
            }

            TensorData?[] results;
            try
            {
                results = PlanBuilder.FoldConstantNode(graph, node, runner);
            }
            catch (MLOpsException)
            {
                // Leave the node for run time, where the same error is reported with the caller's context.
                kept.Add(node);
                continue;
            }

            if (results.Any(r => r is not null && r.Length > MaxFoldedElements))
            {
                kept.Add(node);
                continue;
            }

            for (var i = 0; i < node.Outputs.Length; i++)
            {
                if (node.Outputs[i] is { } output && results[i] is { } value)
                {
                    output.Constant = value;
                    output.Type = value.Type;
                    output.Producer = null;
                }
            }
        }

        graph.Nodes = kept;
    }
}
