using MLOps.Serving.Graph;

namespace MLOps.Serving.Execution;

/// <summary>What loading produced: the optimized graph and the model's description.</summary>
internal sealed class LoadedModel
{
    public LoadedModel(ModelGraph graph, IReadOnlyDictionary<string, long> opsetImports, IReadOnlyDictionary<string, int> operatorHistogram, long parameterCount, long irVersion, string producer)
    {
        Graph = graph;
        OpsetImports = opsetImports;
        OperatorHistogram = operatorHistogram;
        ParameterCount = parameterCount;
        IrVersion = irVersion;
        Producer = producer;
        Signature = new ModelSignature([.. graph.Inputs.Select(v => Describe(v, null))], [.. graph.Outputs.Select(v => Describe(v, null))]);
    }

    public ModelGraph Graph { get; }

    public IReadOnlyDictionary<string, long> OpsetImports { get; }

    public IReadOnlyDictionary<string, int> OperatorHistogram { get; }

    public long ParameterCount { get; }

    public long IrVersion { get; }

    public string Producer { get; }

    public ModelSignature Signature { get; private set; }

    /// <summary>
    /// Plans the model for a batch of 1 and of 2 when its only varying input dimension is the
    /// outermost: this checks shapes through the whole graph at load time (a conflict fails here,
    /// naming the node), warms the batch-1 plan, and fills in output shapes the file leaves out, with
    /// dimensions that follow the batch named after the input's batch symbol.
    /// </summary>
    public void InferSignature(GraphExecutor executor)
    {
        string? batchSymbol = null;
        foreach (var input in Graph.Inputs)
        {
            if (input.Shape is not { } shape || input.Type == DataType.Undefined)
            {
                return;
            }

            for (var i = 0; i < shape.Length; i++)
            {
                if (shape[i].Size is null && i > 0)
                {
                    return;
                }

                if (shape[i].Size is null)
                {
                    batchSymbol ??= shape[i].Symbol ?? "N";
                }
            }
        }

        var one = executor.GetPlan(Key(1));
        var two = batchSymbol is null ? one : executor.GetPlan(Key(2));
        if (one is null || two is null)
        {
            return;
        }

        var outputs = new List<TensorSignature>();
        for (var o = 0; o < Graph.Outputs.Count; o++)
        {
            var value = Graph.Outputs[o];
            if (value.Shape is not null && value.Type != DataType.Undefined)
            {
                outputs.Add(Signature.Outputs[o]);
                continue;
            }

            var first = one.OutputShape(o);
            var second = two.OutputShape(o);
            var dims = new TensorDimension[first.Length];
            for (var d = 0; d < dims.Length; d++)
            {
                dims[d] = first[d] == second[d] ? new TensorDimension(first[d], null)
                    : new TensorDimension(null, first[d] == 1 && second[d] == 2 ? batchSymbol : null);
            }

            outputs.Add(Describe(value, one.OutputType(o), dims));
        }

        Signature = new ModelSignature(Signature.Inputs, outputs);
    }

    private int[] Key(int batch)
    {
        var key = new List<int>();
        foreach (var input in Graph.Inputs)
        {
            key.Add(input.Shape!.Length);
            key.AddRange(input.Shape.Select(d => d.Size ?? batch));
        }

        return [.. key];
    }

    private static TensorSignature Describe(Value value, DataType? inferred, IReadOnlyList<TensorDimension>? inferredShape = null)
    {
        var dims = value.Shape is { } shape ? shape.Select(d => new TensorDimension(d.Size, d.Symbol)).ToArray() : inferredShape;
        var type = value.Type != DataType.Undefined ? value.Type : inferred ?? DataType.Undefined;
        var nonTensor = value.Kind == Onnx.Proto.TypeKind.Tensor ? null : value.Kind.ToString().ToLowerInvariant();
        return new TensorSignature(value.Name, (int)type, dims, nonTensor);
    }
}
