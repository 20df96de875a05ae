namespace MLOps.Tensors;

/// <summary>
/// The element type of a <see cref="Tensor"/>. Each value maps to one CLR type, one Open Inference
/// Protocol (KServe v2) datatype name and one ONNX <c>TensorProto.DataType</c> code; see
/// <see cref="TensorElementTypeExtensions"/>.
/// </summary>
public enum TensorElementType
{
    /// <summary>32-bit IEEE float (<see cref="float"/>); wire name <c>FP32</c>.</summary>
    Float32,

    /// <summary>64-bit IEEE float (<see cref="double"/>); wire name <c>FP64</c>.</summary>
    Float64,

    /// <summary>32-bit signed integer (<see cref="int"/>); wire name <c>INT32</c>.</summary>
    Int32,

    /// <summary>64-bit signed integer (<see cref="long"/>); wire name <c>INT64</c>.</summary>
    Int64,

    /// <summary>Boolean stored as one byte, 0 or 1 (<see cref="bool"/>); wire name <c>BOOL</c>.</summary>
    Bool,

    /// <summary>8-bit unsigned integer (<see cref="byte"/>); wire name <c>UINT8</c>.</summary>
    UInt8,

    /// <summary>Text (<see cref="string"/>); variable size, wire name <c>BYTES</c>.</summary>
    String,

    /// <summary>16-bit IEEE float (<see cref="System.Half"/>); wire name <c>FP16</c>.</summary>
    Float16,

    /// <summary>8-bit signed integer (<see cref="sbyte"/>); wire name <c>INT8</c>.</summary>
    Int8,

    /// <summary>16-bit signed integer (<see cref="short"/>); wire name <c>INT16</c>.</summary>
    Int16,

    /// <summary>16-bit unsigned integer (<see cref="ushort"/>); wire name <c>UINT16</c>.</summary>
    UInt16,

    /// <summary>32-bit unsigned integer (<see cref="uint"/>); wire name <c>UINT32</c>.</summary>
    UInt32,

    /// <summary>64-bit unsigned integer (<see cref="ulong"/>); wire name <c>UINT64</c>.</summary>
    UInt64,

    /// <summary>16-bit brain float (<see cref="MLOps.Tensors.BFloat16"/>): a float's range with 8 bits of precision; wire name <c>BF16</c>.</summary>
    BFloat16,
}
