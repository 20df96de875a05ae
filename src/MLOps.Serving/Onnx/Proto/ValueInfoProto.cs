namespace MLOps.Serving.Onnx.Proto;

/// <summary>ONNX <c>ValueInfoProto</c>: a name and an optional type.</summary>
internal sealed class ValueInfoProto
{
    public string Name { get; set; } = string.Empty;

    public TypeProto? Type { get; set; }
}
