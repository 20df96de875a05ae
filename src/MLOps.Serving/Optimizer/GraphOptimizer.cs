using MLOps.Serving.Graph;

namespace MLOps.Serving.Optimizer;

/// <summary>
/// Runs the optimization passes in order: constant folding, dead-node removal, then the fusions
/// that pay on the CPU (Conv + BatchNormalization, Gemm/MatMul + bias Add, + activation). Each pass
/// leaves the graph valid; results are the same as the unoptimized graph's to float rounding.
/// </summary>
internal static class GraphOptimizer
{
    public static void Optimize(ModelGraph graph)
    {
        ConstantFolding.Run(graph);
        DeadNodeElimination.Run(graph);
        graph.Relink();
        ConvBatchNormFusion.Run(graph);
        DenseBiasFusion.Run(graph);
        ActivationFusion.Run(graph);
        graph.Relink();
    }
}
