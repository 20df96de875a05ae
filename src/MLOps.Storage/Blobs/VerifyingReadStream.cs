namespace MLOps.Storage.Blobs;

/// <summary>
/// A read-only stream over a blob file that hashes what it returns and, on reaching the end, throws
/// <see cref="CorruptException"/> if the content does not hash to the blob's name. Callers that stop
/// reading early get no verification for the part they did not read.
/// </summary>
internal sealed class VerifyingReadStream : Stream
{
    private readonly FileStream _inner;
    private readonly ContentHash _expected;
    private readonly string _path;
    private readonly ContentHasher _hasher = ContentHash.CreateHasher();
    private bool _verified;

    public VerifyingReadStream(FileStream inner, ContentHash expected, string path)
    {
        _inner = inner;
        _expected = expected;
        _path = path;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => throw new NotSupportedException("A verifying blob stream reads forward only.");
    }

    public static CorruptException Corrupt(ContentHash expected, string path, ContentHash actual) =>
        new($"Blob {expected} at {path} is corrupt: its content hashes to {actual}. Restore it from a remote or delete it and store the content again.");

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        return Observe(buffer[..read], read, buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Observe(buffer.Span[..read], read, buffer.Length);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A verifying blob stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("A blob is immutable.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A blob is immutable.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hasher.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Observe(ReadOnlySpan<byte> data, int read, int requested)
    {
        if (read > 0)
        {
            _hasher.Append(data);
        }
        else if (requested > 0 && !_verified)
        {
            _verified = true;
            var actual = _hasher.GetHash();
            if (actual != _expected)
            {
                throw Corrupt(_expected, _path, actual);
            }
        }

        return read;
    }
}
