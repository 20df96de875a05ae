using System.Globalization;
using MLOps.Serving.Onnx;
using MLOps.Serving.Onnx.Proto;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Graph;

/// <summary>
/// Turns a parsed <c>ModelProto</c> into the graph IR: values with declared types and shapes,
/// initializers as constants, nodes in topological order, each bound to its operator. Every problem
/// (an unsupported operator, a dangling input, a cycle) fails here, at load time, naming the node.
/// </summary>
internal static class GraphLoader
{
    public const string MlDomain = "ai.onnx.ml";

    public static ModelGraph Load(ModelProto model, string? baseDirectory, string source)
    {
        var graph = model.Graph ?? throw new CorruptException($"{source} has no graph; it is not an ONNX model.");
        if (graph.SparseInitializerCount > 0)
        {
            throw new ValidationException($"{source}: sparse initializers are not supported.");
        }

        var opsets = ReadOpsets(model, source);
        var values = new Dictionary<string, Value>(StringComparer.Ordinal);
        var id = 0;
        foreach (var initializer in graph.Initializers)
        {
            if (values.ContainsKey(initializer.Name))
            {
                throw new ValidationException($"{source}: initializer '{initializer.Name}' is defined twice.");
            }

            var constant = TensorProtoConverter.ToTensorData(initializer, baseDirectory, $"{source}: initializer '{initializer.Name}'");
            values[initializer.Name] = new Value(initializer.Name, id++) { Constant = constant, Type = constant.Type, Shape = Fixed(constant.Shape) };
        }

        var inputs = new List<Value>();
        foreach (var info in graph.Inputs)
        {
            if (values.ContainsKey(info.Name))
            {
                // An input with an initializer of the same name is a constant with a default (IR >= 4); it is served as the constant.
                continue;
            }

            var value = new Value(info.Name, id++) { IsGraphInput = true };
            ApplyType(value, info, source, "input");
            if (value.Kind != TypeKind.Tensor)
            {
                throw new ValidationException($"{source}: graph input '{info.Name}' is a {value.Kind}; only tensor inputs are supported.");
            }

            values[info.Name] = value;
            inputs.Add(value);
        }

        var nodes = new List<Node>();
        for (var n = 0; n < graph.Nodes.Count; n++)
        {
            nodes.Add(CreateNode(graph.Nodes[n], n, opsets, values, ref id, source));
        }

        foreach (var info in graph.ValueInfos)
        {
            if (values.TryGetValue(info.Name, out var value) && value.Constant is null)
            {
                ApplyType(value, info, source, "value");
            }
        }

        var outputs = new List<Value>();
        foreach (var info in graph.Outputs)
        {
            if (!values.TryGetValue(info.Name, out var value))
            {
                throw new ValidationException($"{source}: graph output '{info.Name}' is not produced by any node, input or initializer.");
            }

            if (value.Producer is null && value.Constant is null && !value.IsGraphInput)
            {
                throw new ValidationException($"{source}: graph output '{info.Name}' is read by nodes but produced by none.");
            }

            ApplyType(value, info, source, "output");
            value.IsGraphOutput = true;
            outputs.Add(value);
        }

        var ordered = TopologicalOrder(nodes, values, source);
        var result = new ModelGraph(ordered, inputs, outputs, values);
        result.Relink();
        foreach (var node in ordered)
        {
            node.Operator = OperatorRegistry.Create(node);
        }

        return result;
    }

    private static Dictionary<string, int> ReadOpsets(ModelProto model, string source)
    {
        var opsets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var opset in model.OpsetImports)
        {
            var domain = opset.Domain is "ai.onnx" ? string.Empty : opset.Domain;
            opsets[domain] = (int)Math.Clamp(opset.Version, 0, int.MaxValue);
        }

        if (opsets.Count == 0)
        {
            throw new ValidationException($"{source} imports no opset; every ONNX model must name the operator set versions it uses.");
        }

        return opsets;
    }

    private static Node CreateNode(NodeProto proto, int index, Dictionary<string, int> opsets, Dictionary<string, Value> values, ref int id, string source)
    {
        var name = proto.Name.Length > 0 ? proto.Name : string.Create(CultureInfo.InvariantCulture, $"{proto.OpType}_{index}");
        var domain = proto.Domain is "ai.onnx" ? string.Empty : proto.Domain;
        if (!opsets.TryGetValue(domain, out var opset))
        {
            throw new ValidationException(
                $"{source}: node '{name}' ({proto.OpType}) uses operator domain '{(domain.Length == 0 ? "ai.onnx" : domain)}', which the model does not import.");
        }

        var inputs = new Value?[proto.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var inputName = proto.Inputs[i];
            if (inputName.Length == 0)
            {
                continue;
            }

            if (!values.TryGetValue(inputName, out var value))
            {
                // Produced by a later node in a file that is not topologically sorted; resolved when it appears.
                value = new Value(inputName, id++);
                values[inputName] = value;
            }

            inputs[i] = value;
        }

        var outputs = new Value?[proto.Outputs.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            var outputName = proto.Outputs[i];
            if (outputName.Length == 0)
            {
                continue;
            }

            if (values.TryGetValue(outputName, out var existing))
            {
                if (existing.Constant is not null || existing.IsGraphInput || existing.Producer is not null)
                {
                    throw new ValidationException($"{source}: node '{name}' ({proto.OpType}) writes '{outputName}', which is already defined; ONNX values are assigned once.");
                }

                outputs[i] = existing;
            }
            else
            {
                outputs[i] = new Value(outputName, id++);
                values[outputName] = outputs[i]!;
            }
        }

        var owner = $"node '{name}' ({proto.OpType})";
        var node = new Node(name, proto.OpType, domain, opset, inputs, outputs, new AttributeSet(proto.Attributes, owner));
        foreach (var output in outputs)
        {
            output?.Producer = node;
        }

        return node;
    }

    private static List<Node> TopologicalOrder(List<Node> nodes, Dictionary<string, Value> values, string source)
    {
        var pending = new Dictionary<Node, int>();
        var ready = new Queue<Node>();
        var waiting = new Dictionary<Value, List<Node>>();
        foreach (var node in nodes)
        {
            var count = 0;
            foreach (var input in node.Inputs)
            {
                if (input is null || input.Constant is not null || input.IsGraphInput)
                {
                    continue;
                }

                if (input.Producer is null)
                {
                    throw new ValidationException(
                        $"{source}: {node.Description} reads '{input.Name}', which is not a graph input, an initializer or any node's output.");
                }

                count++;
                if (!waiting.TryGetValue(input, out var list))
                {
                    waiting[input] = list = [];
                }

                list.Add(node);
            }

            pending[node] = count;
            if (count == 0)
            {
                ready.Enqueue(node);
            }
        }

        var order = new List<Node>(nodes.Count);
        while (ready.Count > 0)
        {
            var node = ready.Dequeue();
            order.Add(node);
            foreach (var output in node.Outputs)
            {
                if (output is null || !waiting.TryGetValue(output, out var consumers))
                {
                    continue;
                }

                foreach (var consumer in consumers)
                {
                    if (--pending[consumer] == 0)
                    {
                        ready.Enqueue(consumer);
                    }
                }
            }
        }

        if (order.Count != nodes.Count)
        {
            var stuck = nodes.First(n => pending[n] > 0);
            throw new ValidationException($"{source}: the graph has a cycle through {stuck.Description}.");
        }

        _ = values;
        return order;
    }

    private static void ApplyType(Value value, ValueInfoProto info, string source, string role)
    {
        if (info.Type is not { } type)
        {
            return;
        }

        value.Kind = type.Kind;
        if (type.Kind != TypeKind.Tensor)
        {
            return;
        }

        var elementType = (DataType)type.ElemType;
        if (type.ElemType != 0 && !DataTypes.IsKnown(elementType))
        {
            throw new ValidationException($"{source}: {role} '{info.Name}' has ONNX element type {type.ElemType}, which is not supported.");
        }

        value.Type = elementType;
        if (type.Shape is null)
        {
            return;
        }

        var shape = new SymbolicDimension[type.Shape.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            var dim = type.Shape[i];
            shape[i] = dim.Value is { } size and >= 0 and <= int.MaxValue
                ? new SymbolicDimension((int)size, null)
                : new SymbolicDimension(null, string.IsNullOrEmpty(dim.Param) ? null : dim.Param);
        }

        value.Shape = shape;
    }

    private static SymbolicDimension[] Fixed(int[] shape) => [.. shape.Select(static s => new SymbolicDimension(s, null))];
}
