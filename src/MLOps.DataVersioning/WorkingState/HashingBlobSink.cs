using System.Runtime.CompilerServices;
using MLOps.Storage;

namespace MLOps.DataVersioning;

/// <summary>
/// A blob "store" that only hashes: puts return the content's hash and store nothing. A
/// <see cref="ChunkStore"/> over it computes a file's manifest exactly as a commit would, for status.
/// </summary>
internal sealed class HashingBlobSink : IBlobStore
{
    public static HashingBlobSink Instance { get; } = new();

    public async ValueTask<BlobInfo> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var counting = new MemoryStream();
        await content.CopyToAsync(counting, cancellationToken).ConfigureAwait(false);
        return new BlobInfo(ContentHash.Compute(counting.GetBuffer().AsSpan(0, (int)counting.Length)), counting.Length, Created: false);
    }

    public ValueTask<BlobInfo> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new BlobInfo(ContentHash.Compute(content.Span), content.Length, Created: false));

    public ValueTask<Stream> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken = default) => throw NotStored();

    public ValueTask<byte[]> ReadAllBytesAsync(ContentHash hash, CancellationToken cancellationToken = default) => throw NotStored();

    public ValueTask<bool> ExistsAsync(ContentHash hash, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    public ValueTask<long?> GetSizeAsync(ContentHash hash, CancellationToken cancellationToken = default) => ValueTask.FromResult<long?>(null);

    public ValueTask<bool> DeleteAsync(ContentHash hash, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    public async IAsyncEnumerable<ContentHash> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }

    private static NotSupportedException NotStored() => new("The hashing sink stores nothing to read.");
}
