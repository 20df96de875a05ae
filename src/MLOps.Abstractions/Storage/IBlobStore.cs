namespace MLOps.Storage;

/// <summary>
/// A content-addressed store of immutable blobs named by their <see cref="ContentHash"/>.
/// Implementations are thread-safe and safe for several processes sharing one store: a put is
/// atomic (a blob is either absent or complete) and idempotent, and every read verifies content.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores the content of a stream (from its position to its end) under its hash.</summary>
    /// <param name="content">The content; read to the end, not disposed.</param>
    /// <param name="cancellationToken">Cancels the write; nothing partial is ever visible.</param>
    /// <returns>The hash and size of the stored blob, and whether it was new.</returns>
    ValueTask<BlobInfo> PutAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>Stores bytes under their hash.</summary>
    /// <param name="content">The content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The hash and size of the stored blob, and whether it was new.</returns>
    ValueTask<BlobInfo> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a blob for reading. The stream hashes what it returns and throws
    /// <see cref="CorruptException"/> (naming the hash and location) when the end is reached and the
    /// content does not match its name.
    /// </summary>
    /// <param name="hash">The blob's hash.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A read-only stream that the caller disposes.</returns>
    /// <exception cref="NotFoundException">No blob has that hash.</exception>
    ValueTask<Stream> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole blob into memory, verifying its hash.</summary>
    /// <param name="hash">The blob's hash.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The content.</returns>
    /// <exception cref="NotFoundException">No blob has that hash.</exception>
    /// <exception cref="CorruptException">The stored content does not hash to its name.</exception>
    ValueTask<byte[]> ReadAllBytesAsync(ContentHash hash, CancellationToken cancellationToken = default);

    /// <summary>Whether a blob is stored (its content is not verified).</summary>
    /// <param name="hash">The blob's hash.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>True when present.</returns>
    ValueTask<bool> ExistsAsync(ContentHash hash, CancellationToken cancellationToken = default);

    /// <summary>The stored size in bytes, or null when absent.</summary>
    /// <param name="hash">The blob's hash.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The size, or null.</returns>
    ValueTask<long?> GetSizeAsync(ContentHash hash, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob; deleting an absent blob is a no-op.</summary>
    /// <param name="hash">The blob's hash.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>True when a blob was removed.</returns>
    ValueTask<bool> DeleteAsync(ContentHash hash, CancellationToken cancellationToken = default);

    /// <summary>Lists every stored blob's hash, in no particular order.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The hashes.</returns>
    IAsyncEnumerable<ContentHash> EnumerateAsync(CancellationToken cancellationToken = default);
}
