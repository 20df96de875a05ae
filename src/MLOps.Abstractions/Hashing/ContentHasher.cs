using System.Security.Cryptography;

namespace MLOps;

/// <summary>
/// Computes a <see cref="ContentHash"/> over data that arrives in pieces. Append, then call
/// <see cref="GetHash"/>; the hasher can then be reused for new content. Not thread-safe.
/// </summary>
public sealed class ContentHasher : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;

    internal ContentHasher()
    {
    }

    /// <summary>How many bytes were appended since creation or the last <see cref="GetHash"/>.</summary>
    public long Length => _length;

    /// <summary>Appends a piece of the content.</summary>
    /// <param name="data">The next bytes.</param>
    public void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        _length += data.Length;
    }

    /// <summary>Returns the hash of everything appended and resets for new content.</summary>
    /// <returns>The hash.</returns>
    public ContentHash GetHash()
    {
        Span<byte> digest = stackalloc byte[ContentHash.ByteLength];
        _hash.GetHashAndReset(digest);
        _length = 0;
        return new ContentHash(digest);
    }

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();
}
