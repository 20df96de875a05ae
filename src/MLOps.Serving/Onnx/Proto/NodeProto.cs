namespace MLOps.Serving.Onnx.Proto;

/// <summary>ONNX <c>NodeProto</c>.</summary>
internal sealed class NodeProto
{
    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public string Name { get; set; } = string.Empty;

    public string OpType { get; set; } = string.Empty;

    public string Domain { get; set; } = string.Empty;

    public List<AttributeProto> Attributes { get; } = [];
}
