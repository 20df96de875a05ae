namespace MLOps.Serving.Onnx.Proto;

/// <summary>ONNX <c>TensorShapeProto.Dimension</c>: a fixed size, a symbolic name, or neither.</summary>
internal readonly record struct DimensionProto(long? Value, string? Param);
