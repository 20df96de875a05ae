namespace MLOps.Serving.Onnx.Proto;

/// <summary>ONNX <c>TypeProto</c>: a tensor type, or a sequence, map or optional of other types.</summary>
internal sealed class TypeProto
{
    public TypeKind Kind { get; set; }

    /// <summary>For tensors: the element type code.</summary>
    public int ElemType { get; set; }

    /// <summary>For tensors: the dimensions, or null when the shape is unknown (any rank).</summary>
    public List<DimensionProto>? Shape { get; set; }

    /// <summary>For sequences and optionals: the element type; for maps: the value type.</summary>
    public TypeProto? ElementType { get; set; }

    /// <summary>For maps: the key's element type code.</summary>
    public int MapKeyType { get; set; }
}
