namespace MLOps.Serving.Graph;

/// <summary>
/// The element types the engine computes with, numbered like ONNX <c>TensorProto.DataType</c>.
/// Wider than the public <see cref="MLOps.Tensors.TensorElementType"/>, which carries the types models
/// exchange with callers; the engine also computes with the rest of ONNX's types internally.
/// </summary>
internal enum DataType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    BFloat16 = 16,
}
