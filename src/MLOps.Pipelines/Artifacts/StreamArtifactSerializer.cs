namespace MLOps.Pipelines.Artifacts;

/// <summary>Streams: the step's stream is copied (from its current position) into the artifact and disposed; readers get a read-only <see cref="MemoryStream"/>.</summary>
public sealed class StreamArtifactSerializer : IArtifactSerializer<Stream>
{
    /// <summary>The shared instance.</summary>
    public static StreamArtifactSerializer Instance { get; } = new();

    /// <inheritdoc />
    public string Id => "stream";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public async ValueTask WriteAsync(Stream value, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        await using (value.ConfigureAwait(false))
        {
            await value.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask<Stream> ReadAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<Stream>(new MemoryStream(data.ToArray(), writable: false));
}
