using MLOps.Serving.Graph;

namespace MLOps.Serving.Optimizer;

/// <summary>Shared checks and the rewiring step of the fusion passes.</summary>
internal static class FusionRewriter
{
    /// <summary>The single consumer of a node's only output, when that output is not a graph output.</summary>
    public static Node? SoleConsumer(Node node)
    {
        if (node.Outputs.Length < 1 || node.Outputs.Skip(1).Any(o => o is not null) || node.Outputs[0] is not { } output)
        {
            return null;
        }

        if (output.IsGraphOutput || output.Consumers.Count != 1)
        {
            return null;
        }

        var consumer = output.Consumers[0];
        return consumer.Inputs.Count(i => ReferenceEquals(i, output)) == 1 ? consumer : null;
    }

    /// <summary>Makes <paramref name="producer"/> write what <paramref name="absorbed"/> wrote, and drops <paramref name="absorbed"/>.</summary>
    public static void Absorb(ModelGraph graph, Node producer, Node absorbed)
    {
        var output = absorbed.Outputs[0]!;
        producer.Outputs = [output];
        output.Producer = producer;
        graph.Nodes.Remove(absorbed);
        graph.Relink();
    }

    /// <summary>The other input of a two-input node, given one of them.</summary>
    public static Value? Other(Node node, Value value) =>
        node.Inputs.Length == 2 ? ReferenceEquals(node.Input(0), value) ? node.Input(1) : node.Input(0) : null;
}
