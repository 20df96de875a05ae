using System.Buffers.Binary;

namespace MLOps.DataVersioning;

/// <summary>
/// How one file is stored: its chunks in order, its total size and its whole-file SHA-256. An empty
/// file has no chunks. Immutable; equality is by content.
/// </summary>
/// <remarks>
/// Binary form (version 1), little-endian: the magic <c>"MLFM"</c>, a version byte, the size (int64),
/// the file hash (32 bytes), the chunk count (int32), then per chunk its hash (32 bytes) and size (int32).
/// </remarks>
public sealed class FileManifest : IEquatable<FileManifest>
{
    /// <summary>The current format version.</summary>
    public const byte FormatVersion = 1;

    private const int HeaderLength = 4 + 1 + 8 + ContentHash.ByteLength + 4;
    private const int EntryLength = ContentHash.ByteLength + 4;
    private static readonly byte[] Magic = "MLFM"u8.ToArray();

    private readonly ChunkRef[] _chunks;

    /// <summary>Creates a manifest, checking that the chunk sizes add up to the file size.</summary>
    /// <param name="chunks">The chunks in order.</param>
    /// <param name="size">The file's length in bytes.</param>
    /// <param name="hash">The file's SHA-256.</param>
    /// <exception cref="ValidationException">A chunk size is not positive or the sizes do not add up.</exception>
    public FileManifest(IEnumerable<ChunkRef> chunks, long size, ContentHash hash)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        _chunks = [.. chunks];
        var error = Check(_chunks, size, hash);
        if (error is not null)
        {
            throw new ValidationException($"Invalid file manifest: {error}");
        }

        Size = size;
        Hash = hash;
    }

    /// <summary>The chunks in file order.</summary>
    public IReadOnlyList<ChunkRef> Chunks => _chunks;

    /// <summary>The file's length in bytes.</summary>
    public long Size { get; }

    /// <summary>The SHA-256 of the whole file.</summary>
    public ContentHash Hash { get; }

    /// <summary>The length of <see cref="ToBytes"/>'s output.</summary>
    public int SerializedLength => HeaderLength + (_chunks.Length * EntryLength);

    /// <summary>Serializes to the compact binary form.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedLength];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        span[4] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(span[5..], Size);
        Hash.CopyTo(span.Slice(13, ContentHash.ByteLength));
        BinaryPrimitives.WriteInt32LittleEndian(span[45..], _chunks.Length);
        var offset = HeaderLength;
        foreach (var chunk in _chunks)
        {
            chunk.Hash.CopyTo(span.Slice(offset, ContentHash.ByteLength));
            BinaryPrimitives.WriteInt32LittleEndian(span[(offset + ContentHash.ByteLength)..], chunk.Size);
            offset += EntryLength;
        }

        return bytes;
    }

    /// <summary>Parses the binary form.</summary>
    /// <param name="data">The bytes written by <see cref="ToBytes"/>.</param>
    /// <param name="source">Where the bytes came from, for error messages (a blob hash or a path).</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="CorruptException">The bytes are not a valid manifest; the message says what is wrong and where.</exception>
    public static FileManifest Parse(ReadOnlySpan<byte> data, string? source = null)
    {
        var where = source is null ? "File manifest" : $"File manifest {source}";
        if (data.Length < HeaderLength)
        {
            throw new CorruptException($"{where} is corrupt: it is {data.Length} bytes, shorter than the {HeaderLength}-byte header.");
        }

        if (!data[..4].SequenceEqual(Magic))
        {
            throw new CorruptException($"{where} is corrupt: it does not start with the magic \"MLFM\".");
        }

        if (data[4] != FormatVersion)
        {
            throw new CorruptException($"{where} is corrupt: format version {data[4]} is not supported (expected {FormatVersion}).");
        }

        var size = BinaryPrimitives.ReadInt64LittleEndian(data[5..]);
        var hash = new ContentHash(data.Slice(13, ContentHash.ByteLength));
        var count = BinaryPrimitives.ReadInt32LittleEndian(data[45..]);
        if (count < 0 || (long)count * EntryLength != data.Length - HeaderLength)
        {
            throw new CorruptException($"{where} is corrupt: it declares {count} chunks, but holds {data.Length - HeaderLength} bytes of chunk entries ({EntryLength} bytes each).");
        }

        var chunks = new ChunkRef[count];
        var offset = HeaderLength;
        for (var i = 0; i < count; i++)
        {
            chunks[i] = new ChunkRef(
                new ContentHash(data.Slice(offset, ContentHash.ByteLength)),
                BinaryPrimitives.ReadInt32LittleEndian(data[(offset + ContentHash.ByteLength)..]));
            offset += EntryLength;
        }

        var error = Check(chunks, size, hash);
        if (error is not null)
        {
            throw new CorruptException($"{where} is corrupt: {error}");
        }

        return new FileManifest(chunks, size, hash);
    }

    /// <inheritdoc />
    public bool Equals(FileManifest? other) =>
        other is not null && Size == other.Size && Hash == other.Hash && _chunks.AsSpan().SequenceEqual(other._chunks);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FileManifest);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Hash, Size, _chunks.Length);

    /// <inheritdoc />
    public override string ToString() => $"{Hash} ({Size} bytes, {_chunks.Length} chunks)";

    private static string? Check(ChunkRef[] chunks, long size, ContentHash hash)
    {
        if (size < 0)
        {
            return $"the file size {size} is negative.";
        }

        long total = 0;
        for (var i = 0; i < chunks.Length; i++)
        {
            if (chunks[i].Size <= 0)
            {
                return $"chunk {i} ({chunks[i].Hash}) has size {chunks[i].Size}; chunk sizes are positive.";
            }

            total += chunks[i].Size;
        }

        if (total != size)
        {
            return $"the chunk sizes add up to {total} bytes, but the file size is {size}.";
        }

        if (size == 0 && hash != ContentHash.Empty)
        {
            return $"an empty file must have the hash of no bytes, {ContentHash.Empty}; got {hash}.";
        }

        if (chunks.Length == 1 && chunks[0].Hash != hash)
        {
            return $"the only chunk's hash {chunks[0].Hash} differs from the file hash {hash}.";
        }

        return null;
    }
}
