using MLOps.Serving.Execution;
using MLOps.Serving.Graph;
using MLOps.Serving.Onnx.Proto;
using MLOps.Tensors;

namespace MLOps.Serving.Onnx;

/// <summary>
/// Writes a valid ONNX model: inputs and outputs with named symbolic dimensions, initializers,
/// nodes with attributes, opset imports. Used by tests and to export models trained in C#. A
/// builder is used once; it is not thread-safe.
/// </summary>
/// <example>
/// <code>
/// var model = new OnnxModelBuilder()
///     .AddInput("x", TensorElementType.Float32, "N", 4)
///     .AddInitializer("w", Tensor.Create(weights, 4, 3))
///     .AddNode("MatMul", ["x", "w"], ["y"])
///     .AddOutput("y", TensorElementType.Float32, "N", 3)
///     .ToBytes();
/// </code>
/// </example>
public sealed class OnnxModelBuilder
{
    /// <summary>The ai.onnx opset written unless <see cref="ImportOpset"/> says otherwise.</summary>
    public const int DefaultOpset = 17;

    /// <summary>The ai.onnx.ml opset written when a node uses that domain, unless <see cref="ImportOpset"/> says otherwise.</summary>
    public const int DefaultMlOpset = 3;

    private readonly GraphProto _graph = new();
    private readonly Dictionary<string, long> _opsets = new(StringComparer.Ordinal);
    private string _producerName = "MLOps.Serving";
    private string _producerVersion = typeof(OnnxModelBuilder).Assembly.GetName().Version?.ToString(3) ?? "0";
    private int _nodeCount;

    /// <summary>Creates a builder for a graph.</summary>
    /// <param name="graphName">The graph's name.</param>
    public OnnxModelBuilder(string graphName = "main")
    {
        _graph.Name = graphName;
    }

    /// <summary>Sets the producer name and version written into the model.</summary>
    /// <param name="name">The producing tool.</param>
    /// <param name="version">Its version.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder SetProducer(string name, string version)
    {
        _producerName = name ?? string.Empty;
        _producerVersion = version ?? string.Empty;
        return this;
    }

    /// <summary>Imports an operator set version for a domain (empty or <c>ai.onnx</c> for the default domain).</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="version">The version.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder ImportOpset(string domain, long version)
    {
        _opsets[domain is "ai.onnx" ? string.Empty : domain ?? string.Empty] = version;
        return this;
    }

    /// <summary>Declares a graph input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="type">The element type.</param>
    /// <param name="dimensions">Sizes (ints) or symbolic names (strings), outermost first.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddInput(string name, TensorElementType type, params TensorDimension[] dimensions)
    {
        _graph.Inputs.Add(ValueInfo(name, type.ToOnnxDataType(), dimensions));
        return this;
    }

    /// <summary>Declares a graph output.</summary>
    /// <param name="name">The output name.</param>
    /// <param name="type">The element type.</param>
    /// <param name="dimensions">Sizes (ints) or symbolic names (strings), outermost first.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddOutput(string name, TensorElementType type, params TensorDimension[] dimensions)
    {
        _graph.Outputs.Add(ValueInfo(name, type.ToOnnxDataType(), dimensions));
        return this;
    }

    /// <summary>Declares a graph output without a type or shape; the engine infers them.</summary>
    /// <param name="name">The output name.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddOutput(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _graph.Outputs.Add(new ValueInfoProto { Name = name });
        return this;
    }

    /// <summary>Declares a ZipMap-style output: a sequence of maps from class label to probability.</summary>
    /// <param name="name">The output name.</param>
    /// <param name="keyType">The label type: <see cref="TensorElementType.Int64"/> or <see cref="TensorElementType.String"/>.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddMapSequenceOutput(string name, TensorElementType keyType)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var map = new TypeProto { Kind = TypeKind.Map, MapKeyType = keyType.ToOnnxDataType(), ElementType = new TypeProto { Kind = TypeKind.Tensor, ElemType = 1 } };
        _graph.Outputs.Add(new ValueInfoProto { Name = name, Type = new TypeProto { Kind = TypeKind.Sequence, ElementType = map } });
        return this;
    }

    /// <summary>Adds a constant (a weight) to the graph.</summary>
    /// <param name="name">The initializer name, which nodes use as an input.</param>
    /// <param name="value">The tensor; its elements are copied.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddInitializer(string name, Tensor value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        _graph.Initializers.Add(ToProto(value, name));
        return this;
    }

    /// <summary>Adds a node.</summary>
    /// <param name="opType">The operator, such as <c>Gemm</c>.</param>
    /// <param name="inputs">Input value names; an empty string omits an optional input.</param>
    /// <param name="outputs">Output value names.</param>
    /// <param name="attributes">Sets the node's attributes, or null.</param>
    /// <param name="domain">The operator domain: empty for ai.onnx, <c>ai.onnx.ml</c> for the ML operators.</param>
    /// <param name="name">The node name; generated when null.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, Action<OnnxNodeAttributes>? attributes = null, string domain = "", string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var node = new NodeProto { OpType = opType, Domain = domain ?? string.Empty, Name = name ?? $"{opType}_{_nodeCount}" };
        _nodeCount++;
        node.Inputs.AddRange(inputs);
        node.Outputs.AddRange(outputs);
        if (attributes is not null)
        {
            var set = new OnnxNodeAttributes();
            attributes(set);
            node.Attributes.AddRange(set.Attributes);
        }

        _graph.Nodes.Add(node);
        return this;
    }

    /// <summary>Serializes the model.</summary>
    /// <returns>The <c>ModelProto</c> bytes.</returns>
    public byte[] ToBytes()
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = _producerName,
            ProducerVersion = _producerVersion,
            ModelVersion = 1,
            Graph = _graph,
        };
        var opsets = new Dictionary<string, long>(_opsets, StringComparer.Ordinal);
        opsets.TryAdd(string.Empty, DefaultOpset);
        if (_graph.Nodes.Any(n => string.Equals(n.Domain, GraphLoader.MlDomain, StringComparison.Ordinal)))
        {
            opsets.TryAdd(GraphLoader.MlDomain, DefaultMlOpset);
        }

        foreach (var (domain, version) in opsets.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            model.OpsetImports.Add(new OperatorSetIdProto(domain, version));
        }

        return OnnxProtoWriter.WriteModel(model);
    }

    /// <summary>Writes the model to a file (through a temporary file, so a reader never sees half a model).</summary>
    /// <param name="path">The <c>.onnx</c> path.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, ToBytes());
        File.Move(temporary, path, overwrite: true);
    }

    internal static TensorProto ToProto(Tensor value, string name) =>
        TensorProtoConverter.FromTensorData(TensorBinding.ToTensorData(value), name);

    private static ValueInfoProto ValueInfo(string name, int elementType, TensorDimension[] dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                Kind = TypeKind.Tensor,
                ElemType = elementType,
                Shape = [.. dimensions.Select(static d => new DimensionProto(d.Size, d.Symbol))],
            },
        };
    }
}
