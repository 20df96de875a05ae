using MLOps.Serving.Graph;

namespace MLOps.Serving.Optimizer;

/// <summary>Runs the optimization passes in order; each pass keeps the graph valid.</summary>
internal static class GraphOptimizer
{
    public static void Optimize(ModelGraph graph)
    {
        DeadNodeElimination.Run(graph);
        graph.Relink();
    }
}
