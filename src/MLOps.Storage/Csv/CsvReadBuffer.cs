using System.Buffers;

namespace MLOps.Storage.Csv;

/// <summary>
/// The pooled byte buffer a CSV read refills from its stream, so memory stays bounded by the buffer
/// (and the longest record) however large the input is.
/// </summary>
/// <remarks>
/// Bytes <c>[Start, End)</c> are kept; everything before <see cref="Start"/> may be dropped on the
/// next refill, which moves the kept bytes to the front. The usable size is a multiple of 64 so the
/// structural scanner can always load whole blocks. Not thread-safe.
/// </remarks>
internal sealed class CsvReadBuffer : IDisposable
{
    private byte[] _array;

    public CsvReadBuffer(int size)
    {
        _array = Rent(size);
    }

    /// <summary>The bytes; valid data is <c>[Start, End)</c>.</summary>
    public byte[] Data => _array;

    /// <summary>The first byte still needed.</summary>
    public int Start { get; set; }

    /// <summary>Where valid data ends.</summary>
    public int End { get; private set; }

    /// <summary>Whether the stream is exhausted, so <see cref="End"/> is the end of the input.</summary>
    public bool IsCompleted { get; private set; }

    private int Capacity => _array.Length & ~(CsvStructuralScanner.BlockSize - 1);

    /// <summary>Moves the kept bytes to the front, growing the buffer when they fill it, then reads once more.</summary>
    /// <param name="stream">The input.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>How far the kept bytes moved towards the front; offsets into the buffer must be reduced by it.</returns>
    public async ValueTask<int> RefillAsync(Stream stream, CancellationToken cancellationToken)
    {
        int shift = Start;
        if (shift > 0)
        {
            _array.AsSpan(Start, End - Start).CopyTo(_array);
            End -= shift;
            Start = 0;
        }

        if (End == Capacity)
        {
            // One record longer than the buffer: grow for it rather than fail.
            byte[] larger = Rent((int)Math.Min(Array.MaxLength, 2L * _array.Length));
            _array.AsSpan(0, End).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }

        int read = await stream.ReadAsync(_array.AsMemory(End, Capacity - End), cancellationToken).ConfigureAwait(false);
        End += read;
        IsCompleted = read == 0;
        return shift;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        byte[] array = _array;
        _array = [];
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private static byte[] Rent(int size) =>
        ArrayPool<byte>.Shared.Rent(Math.Max(size, CsvStructuralScanner.BlockSize));
}
