namespace MLOps.Serving.Onnx.Proto;

/// <summary>ONNX <c>OperatorSetIdProto</c>: an operator domain and its version.</summary>
internal readonly record struct OperatorSetIdProto(string Domain, long Version);
