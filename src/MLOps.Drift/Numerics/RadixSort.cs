using System.Buffers;

namespace MLOps.Drift.Numerics;

/// <summary>
/// An LSD radix sort of finite doubles on their order-preserving 64-bit keys (16-bit digits, passes
/// whose digit is the same for every key skipped). Several times faster than a comparison sort for
/// the large samples drift tests see; falls back to <see cref="MemoryExtensions.Sort{T}(Span{T})"/>
/// for small inputs.
/// </summary>
internal static class RadixSort
{
    private const int SmallInput = 4096;
    private const int DigitBits = 16;
    private const int Buckets = 1 << DigitBits;

    /// <summary>Sorts finite values (no NaN) in place, ascending; −0 sorts before +0.</summary>
    public static void Sort(Span<double> values)
    {
        if (values.Length < SmallInput)
        {
            values.Sort();
            return;
        }

        ulong[] keys = ArrayPool<ulong>.Shared.Rent(values.Length);
        ulong[] scratch = ArrayPool<ulong>.Shared.Rent(values.Length);
        int[] counts = ArrayPool<int>.Shared.Rent(Buckets * 4);
        try
        {
            int n = values.Length;
            Span<ulong> source = keys.AsSpan(0, n);
            Span<ulong> target = scratch.AsSpan(0, n);
            Span<int> histogram = counts.AsSpan(0, Buckets * 4);
            histogram.Clear();
            for (int i = 0; i < n; i++)
            {
                ulong key = ToKey(values[i]);
                source[i] = key;
                histogram[(int)(key & 0xFFFF)]++;
                histogram[Buckets + (int)((key >> 16) & 0xFFFF)]++;
                histogram[(2 * Buckets) + (int)((key >> 32) & 0xFFFF)]++;
                histogram[(3 * Buckets) + (int)(key >> 48)]++;
            }

            for (int pass = 0; pass < 4; pass++)
            {
                Span<int> digitCounts = histogram.Slice(pass * Buckets, Buckets);
                int shift = pass * DigitBits;
                if (digitCounts[(int)((source[0] >> shift) & 0xFFFF)] == n)
                {
                    continue;
                }

                int offset = 0;
                for (int b = 0; b < Buckets; b++)
                {
                    int c = digitCounts[b];
                    digitCounts[b] = offset;
                    offset += c;
                }

                for (int i = 0; i < n; i++)
                {
                    ulong key = source[i];
                    target[digitCounts[(int)((key >> shift) & 0xFFFF)]++] = key;
                }

                Span<ulong> swap = source;
                source = target;
                target = swap;
            }

            for (int i = 0; i < n; i++)
            {
                values[i] = FromKey(source[i]);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<ulong>.Shared.Return(scratch);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    private static ulong ToKey(double value)
    {
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(value);

        // Negative numbers: flip every bit (larger magnitude sorts first); positive: flip the sign bit.
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    private static double FromKey(ulong key)
    {
        ulong bits = (key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key;
        return BitConverter.Int64BitsToDouble((long)bits);
    }
}
