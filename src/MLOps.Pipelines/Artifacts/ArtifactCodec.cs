namespace MLOps.Pipelines.Artifacts;

/// <summary>The untyped face of a serializer, so the executor handles every step alike.</summary>
internal abstract class ArtifactCodec
{
    public abstract string Id { get; }

    public abstract int Version { get; }

    /// <summary>The serializer's identity as it enters cache keys, e.g. <c>json/1</c>.</summary>
    public string Tag => Id + "/" + Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public abstract ValueTask<byte[]> SerializeAsync(object? value, CancellationToken cancellationToken);

    public abstract ValueTask<object?> DeserializeAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    public static ArtifactCodec Create<T>(IArtifactSerializer<T> serializer) => new Typed<T>(serializer);

    private sealed class Typed<T>(IArtifactSerializer<T> serializer) : ArtifactCodec
    {
        public override string Id => serializer.Id;

        public override int Version => serializer.Version;

        public override async ValueTask<byte[]> SerializeAsync(object? value, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream();
            await serializer.WriteAsync((T)value!, stream, cancellationToken).ConfigureAwait(false);
            return stream.ToArray();
        }

        public override async ValueTask<object?> DeserializeAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
            await serializer.ReadAsync(data, cancellationToken).ConfigureAwait(false);
    }
}
