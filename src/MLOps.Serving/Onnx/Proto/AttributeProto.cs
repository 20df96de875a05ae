namespace MLOps.Serving.Onnx.Proto;

/// <summary>ONNX <c>AttributeProto</c>.</summary>
internal sealed class AttributeProto
{
    public string Name { get; set; } = string.Empty;

    public string RefAttrName { get; set; } = string.Empty;

    public AttributeType Type { get; set; }

    public float F { get; set; }

    public long I { get; set; }

    public byte[] S { get; set; } = [];

    public TensorProto? T { get; set; }

    public GraphProto? G { get; set; }

    public List<float> Floats { get; } = [];

    public List<long> Ints { get; } = [];

    public List<byte[]> Strings { get; } = [];

    public List<TensorProto> Tensors { get; } = [];

    public List<GraphProto> Graphs { get; } = [];

    /// <summary>
    /// The type when the writer left <c>type</c> unset (IR version 1 files): inferred from which
    /// field carries a value.
    /// </summary>
    public AttributeType EffectiveType
    {
        get
        {
            if (Type != AttributeType.Undefined)
            {
                return Type;
            }

            if (Floats.Count > 0)
            {
                return AttributeType.Floats;
            }

            if (Ints.Count > 0)
            {
                return AttributeType.Ints;
            }

            if (Strings.Count > 0)
            {
                return AttributeType.Strings;
            }

            if (T is not null)
            {
                return AttributeType.Tensor;
            }

            if (G is not null)
            {
                return AttributeType.Graph;
            }

            return S.Length > 0 ? AttributeType.String : AttributeType.Undefined;
        }
    }
}
