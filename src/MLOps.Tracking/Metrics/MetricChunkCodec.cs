using System.Buffers.Binary;

namespace MLOps.Tracking.Metrics;

/// <summary>
/// Packs a series' points into one chunk: a format byte, the count, the steps and timestamps as
/// zig-zag varint deltas (steps usually grow by one, timestamps by little), then the values as raw
/// little-endian doubles, so NaN payloads and infinities keep their exact bits. About 11 bytes per
/// point for a typical training curve, against 24 unpacked.
/// </summary>
internal static class MetricChunkCodec
{
    private const byte Format = 1;

    public static byte[] Encode(ReadOnlySpan<long> steps, ReadOnlySpan<double> values, ReadOnlySpan<long> timestamps)
    {
        var count = steps.Length;
        var buffer = new byte[1 + 10 + (count * 28)];
        var position = 0;
        buffer[position++] = Format;
        WriteVarint(buffer, ref position, (ulong)count);
        WriteDeltas(buffer, ref position, steps);
        WriteDeltas(buffer, ref position, timestamps);
        foreach (var value in values)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(position), value);
            position += 8;
        }

        return buffer.AsSpan(0, position).ToArray();
    }

    /// <summary>Appends the chunk's points whose step is within [<paramref name="fromStep"/>, <paramref name="toStep"/>].</summary>
    /// <exception cref="CorruptException">The chunk is not a valid encoding; the message names <paramref name="where"/>.</exception>
    public static void Decode(byte[] chunk, long fromStep, long toStep, List<MetricPoint> into, string where)
    {
        try
        {
            var position = 0;
            if (chunk.Length == 0 || chunk[position++] != Format)
            {
                throw new CorruptException($"The metric chunk of {where} has an unknown format.");
            }

            var count = ReadVarint(chunk, ref position);
            if (count > (ulong)chunk.Length)
            {
                throw new CorruptException($"The metric chunk of {where} claims {count} points in {chunk.Length} bytes.");
            }

            var n = (int)count;
            var steps = new long[n];
            var timestamps = new long[n];
            ReadDeltas(chunk, ref position, steps);
            ReadDeltas(chunk, ref position, timestamps);
            if (chunk.Length - position != n * 8)
            {
                throw new CorruptException($"The metric chunk of {where} has {chunk.Length - position} value bytes for {n} points.");
            }

            for (var i = 0; i < n; i++)
            {
                if (steps[i] >= fromStep && steps[i] <= toStep)
                {
                    var value = BinaryPrimitives.ReadDoubleLittleEndian(chunk.AsSpan(position + (i * 8)));
                    into.Add(new MetricPoint(steps[i], value, Sql.Micros.ToTime(timestamps[i])));
                }
            }
        }
        catch (IndexOutOfRangeException e)
        {
            throw new CorruptException($"The metric chunk of {where} ends early.", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CorruptException($"The metric chunk of {where} holds an impossible value.", e);
        }
    }

    private static void WriteDeltas(byte[] buffer, ref int position, ReadOnlySpan<long> values)
    {
        var previous = 0L;
        foreach (var value in values)
        {
            var delta = unchecked(value - previous);
            WriteVarint(buffer, ref position, unchecked((ulong)((delta << 1) ^ (delta >> 63))));
            previous = value;
        }
    }

    private static void ReadDeltas(byte[] buffer, ref int position, long[] into)
    {
        var previous = 0L;
        for (var i = 0; i < into.Length; i++)
        {
            var zigzag = ReadVarint(buffer, ref position);
            var delta = unchecked((long)(zigzag >> 1) ^ -(long)(zigzag & 1));
            previous = unchecked(previous + delta);
            into[i] = previous;
        }
    }

    private static void WriteVarint(byte[] buffer, ref int position, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
    }

    private static ulong ReadVarint(byte[] buffer, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = buffer[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(buffer), "A varint is longer than 10 bytes.");
    }
}
