namespace MLOps.Pipelines.Artifacts;

/// <summary>An ONNX model's bytes (a serialized <c>ModelProto</c>), as a step output.</summary>
/// <param name="Bytes">The model file's content.</param>
public sealed record OnnxModelArtifact(ReadOnlyMemory<byte> Bytes);
