using MLOps.Data;

namespace MLOps.Pipelines.Artifacts;

/// <summary>Picks the built-in serializer for a type: bytes, streams, record batches, ONNX models, else canonical JSON.</summary>
public static class ArtifactSerializers
{
    /// <summary>The default serializer for <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The serializer.</returns>
    public static IArtifactSerializer<T> For<T>() => Cache<T>.Instance;

    private static class Cache<T>
    {
        public static readonly IArtifactSerializer<T> Instance = Create();

        private static IArtifactSerializer<T> Create()
        {
            object serializer = typeof(T) == typeof(byte[]) ? BytesArtifactSerializer.Instance
                : typeof(T) == typeof(Stream) ? StreamArtifactSerializer.Instance
                : typeof(T) == typeof(RecordBatch) ? RecordBatchArtifactSerializer.Instance
                : typeof(T) == typeof(OnnxModelArtifact) ? OnnxModelArtifactSerializer.Instance
                : JsonArtifactSerializer<T>.Default;
            return (IArtifactSerializer<T>)serializer;
        }
    }
}
