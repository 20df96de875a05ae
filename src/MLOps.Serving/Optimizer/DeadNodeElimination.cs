using MLOps.Serving.Graph;

namespace MLOps.Serving.Optimizer;

/// <summary>Removes nodes none of whose outputs reach a graph output.</summary>
internal static class DeadNodeElimination
{
    public static void Run(ModelGraph graph)
    {
        var needed = new HashSet<Value>(graph.Outputs);
        var keep = new HashSet<Node>();
        for (var i = graph.Nodes.Count - 1; i >= 0; i--)
        {
            var node = graph.Nodes[i];
            if (!node.Outputs.Any(o => o is not null && needed.Contains(o)))
            {
                continue;
            }

            keep.Add(node);
            foreach (var input in node.Inputs)
            {
                if (input is not null)
                {
                    needed.Add(input);
                }
            }
        }

        graph.Nodes = [.. graph.Nodes.Where(keep.Contains)];
    }
}
