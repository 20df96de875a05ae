namespace MLOps.Pipelines.Artifacts;

/// <summary>
/// Turns a step's output into bytes for the blob store and back. The bytes must be canonical (equal values
/// give equal bytes): their SHA-256 is the output's hash, which feeds downstream cache keys. <see cref="Id"/>
/// and <see cref="Version"/> are part of every cache key, so bump the version when the format changes.
/// </summary>
/// <typeparam name="T">The type serialized.</typeparam>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IArtifactSerializer<T>
{
    /// <summary>The format's stable name, for example <c>json</c>.</summary>
    string Id { get; }

    /// <summary>The format's version.</summary>
    int Version { get; }

    /// <summary>Writes a value.</summary>
    /// <param name="value">The value.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>When written.</returns>
    ValueTask WriteAsync(T value, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Reads a value written by <see cref="WriteAsync"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value.</returns>
    /// <exception cref="CorruptException">The bytes are not in this format.</exception>
    ValueTask<T> ReadAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);
}
