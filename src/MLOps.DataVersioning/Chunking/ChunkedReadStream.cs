using MLOps.Storage;

namespace MLOps.DataVersioning;

/// <summary>
/// A forward-only stream over a file's chunks, opened one at a time from the blob store (whose streams
/// verify each chunk's hash at its end). Checks each chunk's size and, at the end, the total size.
/// </summary>
internal sealed class ChunkedReadStream : Stream
{
    private readonly IBlobStore _blobs;
    private readonly FileManifest _manifest;
    private Stream? _current;
    private int _index;
    private long _chunkRead;
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

        while (_index < _manifest.Chunks.Count)
        {
            var chunk = _manifest.Chunks[_index];
            _current ??= await _blobs.OpenReadAsync(chunk.Hash, cancellationToken).ConfigureAwait(false);
            var read = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                _chunkRead += read;
                if (_chunkRead > chunk.Size)
                {
                    throw WrongChunkSize(_manifest, chunk, _chunkRead);
                }

                _position += read;
                return read;
            }

            // The blob stream verified the chunk's hash on reaching its end.
            if (_chunkRead != chunk.Size)
            {
                throw WrongChunkSize(_manifest, chunk, _chunkRead);
            }

            await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
            _chunkRead = 0;
            _index++;
        }

        if (_position != _manifest.Size)
        {
            throw new CorruptException($"File {_manifest.Hash} is corrupt: its chunks hold {_position} bytes, but the manifest says {_manifest.Size}.");
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A chunked file stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("A stored file is immutable.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A stored file is immutable.");

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }
}
