using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLOps.Storage.Csv;

/// <summary>
/// Finds the next delimiter, CR or LF in the read buffer. It classifies a whole 64-byte block at a
/// time with SIMD compares into a bit mask and keeps that mask, so the many short fields that share
/// a block cost one trailing-zero count each instead of one vector search each.
/// </summary>
/// <remarks>
/// Blocks are aligned to multiples of 64 from the start of the array, and the buffer's usable size is a
/// multiple of 64, so a block load never leaves the array. Call <see cref="Reset"/> whenever the
/// buffer's bytes move or grow. Not thread-safe.
/// </remarks>
internal sealed class CsvStructuralScanner
{
    public const int BlockSize = 64;

    private readonly byte _delimiter;
    private int _cachedBlock = -1;
    private int _cachedEnd;
    private ulong _cachedMask;

    public CsvStructuralScanner(byte delimiter)
    {
        _delimiter = delimiter;
    }

    /// <summary>Forgets the cached block mask because the buffer changed.</summary>
    public void Reset() => _cachedBlock = -1;

    /// <summary>The offset of the first delimiter, CR or LF in <c>[position, end)</c>, or -1.</summary>
    /// <param name="data">The buffer; its length must be at least <paramref name="end"/> rounded up to 64.</param>
    /// <param name="position">Where to start looking.</param>
    /// <param name="end">Where valid data ends.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(byte[] data, int position, int end)
    {
        while (position < end)
        {
            int block = position & ~(BlockSize - 1);
            if (block != _cachedBlock || end != _cachedEnd)
            {
                Classify(data, block, end);
            }

            ulong mask = _cachedMask >> (position & (BlockSize - 1));
            if (mask != 0)
            {
                return position + BitOperations.TrailingZeroCount(mask);
            }

            position = block + BlockSize;
        }

        return -1;
    }

    /// <summary>The structural bit mask of 64 bytes: bit i is set when byte i is the delimiter, CR or LF.</summary>
    internal static ulong ComputeMask(ReadOnlySpan<byte> block64, byte delimiter)
    {
        ref byte start = ref MemoryMarshal.GetReference(block64);
        if (Vector512.IsHardwareAccelerated)
        {
            return MaskVector512(ref start, delimiter);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return MaskVector256(ref start, delimiter);
        }

        return Vector128.IsHardwareAccelerated ? MaskVector128(ref start, delimiter) : MaskScalar(block64, delimiter);
    }

    internal static ulong MaskVector512(ref byte block, byte delimiter)
    {
        Vector512<byte> bytes = Vector512.LoadUnsafe(ref block);
        Vector512<byte> hits = Vector512.Equals(bytes, Vector512.Create(delimiter))
            | Vector512.Equals(bytes, Vector512.Create((byte)'\n'))
            | Vector512.Equals(bytes, Vector512.Create((byte)'\r'));
        return hits.ExtractMostSignificantBits();
    }

    internal static ulong MaskVector256(ref byte block, byte delimiter)
    {
        Vector256<byte> d = Vector256.Create(delimiter);
        Vector256<byte> lf = Vector256.Create((byte)'\n');
        Vector256<byte> cr = Vector256.Create((byte)'\r');
        Vector256<byte> low = Vector256.LoadUnsafe(ref block);
        Vector256<byte> high = Vector256.LoadUnsafe(ref block, 32);
        uint lowBits = (Vector256.Equals(low, d) | Vector256.Equals(low, lf) | Vector256.Equals(low, cr)).ExtractMostSignificantBits();
        uint highBits = (Vector256.Equals(high, d) | Vector256.Equals(high, lf) | Vector256.Equals(high, cr)).ExtractMostSignificantBits();
        return lowBits | ((ulong)highBits << 32);
    }

    internal static ulong MaskVector128(ref byte block, byte delimiter)
    {
        Vector128<byte> d = Vector128.Create(delimiter);
        Vector128<byte> lf = Vector128.Create((byte)'\n');
        Vector128<byte> cr = Vector128.Create((byte)'\r');
        ulong mask = 0;
        for (int i = 0; i < 4; i++)
        {
            Vector128<byte> bytes = Vector128.LoadUnsafe(ref block, (nuint)(i * 16));
            ulong bits = (Vector128.Equals(bytes, d) | Vector128.Equals(bytes, lf) | Vector128.Equals(bytes, cr)).ExtractMostSignificantBits();
            mask |= bits << (i * 16);
        }

        return mask;
    }

    internal static ulong MaskScalar(ReadOnlySpan<byte> block, byte delimiter)
    {
        ulong mask = 0;
        for (int i = 0; i < block.Length && i < BlockSize; i++)
        {
            byte b = block[i];
            if (b == delimiter || b == (byte)'\n' || b == (byte)'\r')
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Classify(byte[] data, int block, int end)
    {
        ulong mask = ComputeMask(data.AsSpan(block, BlockSize), _delimiter);
        int valid = end - block;
        if (valid < BlockSize)
        {
            // Bytes past the end of the data are leftovers from earlier reads, not input.
            mask &= (1UL << valid) - 1;
        }

        _cachedBlock = block;
        _cachedEnd = end;
        _cachedMask = mask;
    }
}
