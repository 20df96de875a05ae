using MLOps.Pipelines.Artifacts;

namespace MLOps.Pipelines;

/// <summary>A declared parameter: its type, default, and the serializer that hashes and persists its value.</summary>
internal sealed record ParameterDefinition(string Name, Type Type, bool HasDefault, object? DefaultValue, ArtifactCodec Codec);
