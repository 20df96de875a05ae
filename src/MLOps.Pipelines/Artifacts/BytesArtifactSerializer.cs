namespace MLOps.Pipelines.Artifacts;

/// <summary>Byte arrays stored as they are.</summary>
public sealed class BytesArtifactSerializer : IArtifactSerializer<byte[]>
{
    /// <summary>The shared instance.</summary>
    public static BytesArtifactSerializer Instance { get; } = new();

    /// <inheritdoc />
    public string Id => "bytes";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public ValueTask WriteAsync(byte[] value, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(destination);
        return destination.WriteAsync(value, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<byte[]> ReadAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => ValueTask.FromResult(data.ToArray());
}
