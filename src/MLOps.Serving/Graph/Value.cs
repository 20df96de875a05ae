using MLOps.Serving.Onnx.Proto;

namespace MLOps.Serving.Graph;

/// <summary>
/// A named value in the graph IR: a graph input, an initializer (constant) or a node output, with
/// its declared element type and shape.
/// </summary>
internal sealed class Value
{
    public Value(string name, int id)
    {
        Name = name;
        Id = id;
    }

    public string Name { get; }

    /// <summary>A dense index for per-value arrays in planning.</summary>
    public int Id { get; set; }

    /// <summary>The declared or inferred element type; <see cref="DataType.Undefined"/> when unknown.</summary>
    public DataType Type { get; set; }

    /// <summary>The declared shape, or null when the model does not declare one.</summary>
    public SymbolicDimension[]? Shape { get; set; }

    /// <summary>Whether the value is a tensor (as opposed to a sequence or map, as ZipMap declares).</summary>
    public TypeKind Kind { get; set; } = TypeKind.Tensor;

    /// <summary>The value when it is an initializer or a folded constant.</summary>
    public TensorData? Constant { get; set; }

    public Node? Producer { get; set; }

    public List<Node> Consumers { get; } = [];

    public bool IsGraphInput { get; set; }

    public bool IsGraphOutput { get; set; }
}
