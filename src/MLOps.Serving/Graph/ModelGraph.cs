namespace MLOps.Serving.Graph;

/// <summary>The graph IR: values, nodes in topological order, and the graph's inputs and outputs.</summary>
internal sealed class ModelGraph
{
    public ModelGraph(List<Node> nodes, List<Value> inputs, List<Value> outputs, Dictionary<string, Value> values)
    {
        Nodes = nodes;
        Inputs = inputs;
        Outputs = outputs;
        Values = values;
    }

    /// <summary>The nodes in a topological order.</summary>
    public List<Node> Nodes { get; set; }

    /// <summary>The graph inputs that are not initializers: what callers provide.</summary>
    public List<Value> Inputs { get; }

    public List<Value> Outputs { get; }

    public Dictionary<string, Value> Values { get; }

    /// <summary>Renumbers values densely and rebuilds producer and consumer links after a rewrite.</summary>
    public void Relink()
    {
        var live = new HashSet<Value>();
        foreach (var value in Inputs)
        {
            live.Add(value);
        }

        foreach (var value in Outputs)
        {
            live.Add(value);
        }

        foreach (var node in Nodes)
        {
            foreach (var value in node.Inputs)
            {
                if (value is not null)
                {
                    live.Add(value);
                }
            }

            foreach (var value in node.Outputs)
            {
                if (value is not null)
                {
                    live.Add(value);
                }
            }
        }

        foreach (var value in live)
        {
            value.Producer = null;
            value.Consumers.Clear();
        }

        foreach (var node in Nodes)
        {
            foreach (var value in node.Inputs)
            {
                value?.Consumers.Add(node);
            }

            foreach (var value in node.Outputs)
            {
                value?.Producer = node;
            }
        }

        Values.Clear();
        var id = 0;
        foreach (var value in live)
        {
            value.Id = id++;
            Values[value.Name] = value;
        }
    }
}
