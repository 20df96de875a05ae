using System.Buffers;
using MLOps.Storage;

namespace MLOps.DataVersioning;

/// <summary>
/// A forward-only stream over a file's chunks: each chunk is read whole into a pooled buffer and its
/// hash verified before any of its bytes are served, so a damaged chunk is a <see cref="CorruptException"/>
/// and never data. Checks each chunk's size and, at the end, the total size.
/// </summary>
internal sealed class ChunkedReadStream : Stream
{
    private readonly IBlobStore _blobs;
    private readonly FileManifest _manifest;
    private byte[] _chunk = [];
    private int _index;
    private int _chunkRead;
    private int _chunkLength;
    private long _position;

    public ChunkedReadStream(IBlobStore blobs, FileManifest manifest)
    {
        _blobs = blobs;
        _manifest = manifest;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _manifest.Size;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("A chunked file stream reads forward only.");
    }

    public static CorruptException WrongChunkSize(FileManifest manifest, ChunkRef chunk, long actual) =>
        new($"Chunk {chunk.Hash} of file {manifest.Hash} is corrupt: it holds {actual} bytes, but the manifest says {chunk.Size}.");

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_chunkRead == _chunkLength)
        {
            if (_index == _manifest.Chunks.Count)
            {
                if (_position != _manifest.Size)
                {
                    throw new CorruptException($"File {_manifest.Hash} is corrupt: its chunks hold {_position} bytes, but the manifest says {_manifest.Size}.");
                }

                return 0;
            }

            await LoadChunkAsync(_manifest.Chunks[_index++], cancellationToken).ConfigureAwait(false);
        }

        var count = Math.Min(buffer.Length, _chunkLength - _chunkRead);
        _chunk.AsMemory(_chunkRead, count).CopyTo(buffer);
        _chunkRead += count;
        _position += count;
        return count;
    }

    /// <summary>Reads a whole chunk into the pooled buffer; the blob stream verifies its hash on reaching its end, so no byte of a damaged chunk is ever served.</summary>
    private async ValueTask LoadChunkAsync(ChunkRef chunk, CancellationToken cancellationToken)
    {
        if (_chunk.Length < chunk.Size + 1)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = ArrayPool<byte>.Shared.Rent(chunk.Size + 1);
        }

        var source = await _blobs.OpenReadAsync(chunk.Hash, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            // Read one byte past the declared size (to catch a longer blob), then to the end (to verify).
            var length = await source.ReadAtLeastAsync(_chunk.AsMemory(0, chunk.Size + 1), chunk.Size + 1, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (length != chunk.Size)
            {
                throw WrongChunkSize(_manifest, chunk, length);
            }

            _ = await source.ReadAsync(_chunk.AsMemory(chunk.Size, 1), cancellationToken).ConfigureAwait(false);
        }

        _chunkLength = chunk.Size;
        _chunkRead = 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A chunked file stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("A stored file is immutable.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A stored file is immutable.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && _chunk.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = [];
        }

        base.Dispose(disposing);
    }
}
