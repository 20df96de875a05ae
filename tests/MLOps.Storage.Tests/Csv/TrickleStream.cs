namespace MLOps.Storage.Tests.Csv;

/// <summary>
/// A read-only, non-seekable stream that hands out at most a few bytes per read, so every record
/// boundary, quote and CRLF lands on a buffer refill boundary somewhere.
/// </summary>
public sealed class TrickleStream : Stream
{
    private readonly byte[] _data;
    private readonly int _maxChunk;
    private int _position;

    public TrickleStream(byte[] data, int maxChunk = 1)
    {
        _data = data;
        _maxChunk = maxChunk;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public int ReadCalls { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ReadCalls++;
        int n = Math.Min(Math.Min(buffer.Length, _maxChunk), _data.Length - _position);
        _data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
