namespace MLOps.Serving.Onnx.Proto;

/// <summary>The fields of ONNX <c>GraphProto</c> the engine reads.</summary>
internal sealed class GraphProto
{
    public string Name { get; set; } = string.Empty;

    public List<NodeProto> Nodes { get; } = [];

    public List<TensorProto> Initializers { get; } = [];

    public int SparseInitializerCount { get; set; }

    public List<ValueInfoProto> Inputs { get; } = [];

    public List<ValueInfoProto> Outputs { get; } = [];

    public List<ValueInfoProto> ValueInfos { get; } = [];
}
