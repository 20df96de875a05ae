using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>A model input or output: name, element type and shape with named symbolic dimensions.</summary>
public sealed class TensorSignature
{
    internal TensorSignature(string name, int onnxDataType, IReadOnlyList<TensorDimension>? dimensions, string? nonTensorType = null)
    {
        Name = name;
        OnnxDataType = onnxDataType;
        Dimensions = dimensions;
        NonTensorType = nonTensorType;
    }

    /// <summary>The tensor's name in the graph.</summary>
    public string Name { get; }

    /// <summary>The ONNX <c>TensorProto.DataType</c> code (1 = FLOAT, 7 = INT64, …); 0 when the model does not say.</summary>
    public int OnnxDataType { get; }

    /// <summary>The element type as the exchange <see cref="Tensor"/> carries it, or null for types it does not (complex, 8-bit floats, 4-bit integers) and when the model does not say.</summary>
    public TensorElementType? ElementType => OnnxDataType switch
    {
        1 => TensorElementType.Float32,
        2 => TensorElementType.UInt8,
        6 => TensorElementType.Int32,
        7 => TensorElementType.Int64,
        8 => TensorElementType.String,
        9 => TensorElementType.Bool,
        10 => TensorElementType.Float16,
        11 => TensorElementType.Float64,
        3 => TensorElementType.Int8,
        4 => TensorElementType.UInt16,
        5 => TensorElementType.Int16,
        12 => TensorElementType.UInt32,
        13 => TensorElementType.UInt64,
        16 => TensorElementType.BFloat16,
        _ => null,
    };

    /// <summary>The dimensions, outermost first, or null when the model does not declare the rank.</summary>
    public IReadOnlyList<TensorDimension>? Dimensions { get; }

    /// <summary>
    /// For outputs the model declares as a sequence or map (ZipMap's <c>seq(map(…))</c>): that declared
    /// type. Such outputs are served as their probability tensor, <c>[N, classes]</c>.
    /// </summary>
    public string? NonTensorType { get; }

    /// <summary>The rank, or null when unknown.</summary>
    public int? Rank => Dimensions?.Count;

    /// <summary>Such as <c>input: FLOAT [batch, 256]</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString()
    {
        var type = ElementType?.ToDatatypeName() ?? $"ONNX type {OnnxDataType}";
        var shape = Dimensions is null ? "[?]" : "[" + string.Join(", ", Dimensions) + "]";
        return $"{Name}: {type} {shape}";
    }
}
