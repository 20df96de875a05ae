using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace MLOps.Data;

/// <summary>Bit operations over Arrow-style bitmaps: least significant bit first, bit set means true or valid.</summary>
internal static class Bitmap
{
    /// <summary>The number of bytes that hold a number of bits.</summary>
    public static int ByteCount(int bitCount) => (int)(((long)bitCount + 7) >> 3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Get(ReadOnlySpan<byte> bits, int index) => (bits[index >> 3] & (1 << (index & 7))) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(Span<byte> bits, int index, bool value)
    {
        ref byte b = ref bits[index >> 3];
        byte mask = (byte)(1 << (index & 7));
        b = value ? (byte)(b | mask) : (byte)(b & ~mask);
    }

    /// <summary>Counts set bits in <c>[offset, offset + length)</c>, ignoring the bits around the range.</summary>
    public static int CountSet(ReadOnlySpan<byte> bits, int offset, int length)
    {
        int count = 0;
        int index = offset;
        int end = offset + length;

        // Single bits until byte-aligned, whole words in the middle, single bits for the tail.
        while (index < end && (index & 7) != 0)
        {
            count += Get(bits, index) ? 1 : 0;
            index++;
        }

        int byteIndex = index >> 3;
        int wholeBytes = (end - index) >> 3;
        ReadOnlySpan<byte> middle = bits.Slice(byteIndex, wholeBytes);
        while (middle.Length >= sizeof(ulong))
        {
            count += BitOperations.PopCount(BinaryPrimitives.ReadUInt64LittleEndian(middle));
            middle = middle[sizeof(ulong)..];
        }

        foreach (byte b in middle)
        {
            count += BitOperations.PopCount(b);
        }

        index += wholeBytes << 3;
        while (index < end)
        {
            count += Get(bits, index) ? 1 : 0;
            index++;
        }

        return count;
    }

    /// <summary>Copies <paramref name="length"/> bits between arbitrary bit offsets, leaving other destination bits alone.</summary>
    public static void Copy(ReadOnlySpan<byte> source, int sourceOffset, Span<byte> destination, int destinationOffset, int length)
    {
        if (((sourceOffset | destinationOffset) & 7) == 0)
        {
            int wholeBytes = length >> 3;
            source.Slice(sourceOffset >> 3, wholeBytes).CopyTo(destination.Slice(destinationOffset >> 3, wholeBytes));
            int done = wholeBytes << 3;
            sourceOffset += done;
            destinationOffset += done;
            length -= done;
        }

        for (int i = 0; i < length; i++)
        {
            Set(destination, destinationOffset + i, Get(source, sourceOffset + i));
        }
    }

    /// <summary>Sets <paramref name="length"/> bits starting at <paramref name="offset"/>.</summary>
    public static void SetRange(Span<byte> bits, int offset, int length)
    {
        int end = offset + length;
        while (offset < end && (offset & 7) != 0)
        {
            Set(bits, offset++, value: true);
        }

        int wholeBytes = (end - offset) >> 3;
        bits.Slice(offset >> 3, wholeBytes).Fill(0xFF);
        offset += wholeBytes << 3;
        while (offset < end)
        {
            Set(bits, offset++, value: true);
        }
    }
}
