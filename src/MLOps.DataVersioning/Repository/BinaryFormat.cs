using System.Buffers.Binary;
using System.Text;

namespace MLOps.DataVersioning;

/// <summary>Little-endian writing and bounds-checked reading shared by the tree and commit formats.</summary>
internal static class BinaryFormat
{
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void WriteInt32(Stream stream, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        stream.Write(buffer);
    }

    public static void WriteInt64(Stream stream, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        stream.Write(buffer);
    }

    public static void WriteHash(Stream stream, ContentHash hash)
    {
        Span<byte> buffer = stackalloc byte[ContentHash.ByteLength];
        hash.CopyTo(buffer);
        stream.Write(buffer);
    }

    public static void WriteString(Stream stream, string value)
    {
        var bytes = StrictUtf8.GetBytes(value);
        WriteInt32(stream, bytes.Length);
        stream.Write(bytes);
    }

    /// <summary>A cursor over bytes that throws <see cref="CorruptException"/> naming the source when they run out or are malformed.</summary>
    internal ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly string _where;
        private int _offset;

        public Reader(ReadOnlySpan<byte> data, string where)
        {
            _data = data;
            _where = where;
            _offset = 0;
        }

        public readonly int Remaining => _data.Length - _offset;

        public readonly CorruptException Corrupt(string what) => new($"{_where} is corrupt: {what}.");

        public void ExpectHeader(ReadOnlySpan<byte> magic, byte version)
        {
            if (Remaining < magic.Length + 1 || !_data[..magic.Length].SequenceEqual(magic))
            {
                throw Corrupt($"it does not start with the magic \"{Encoding.ASCII.GetString(magic)}\"");
            }

            _offset = magic.Length;
            var actual = ReadByte();
            if (actual != version)
            {
                throw Corrupt($"format version {actual} is not supported (expected {version})");
            }
        }

        public byte ReadByte() => Take(1)[0];

        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public ContentHash ReadHash() => new(Take(ContentHash.ByteLength));

        public int ReadCount(string what, int minBytesEach)
        {
            var count = ReadInt32();
            if (count < 0 || (long)count * minBytesEach > Remaining)
            {
                throw Corrupt($"it declares {count} {what}, more than its remaining {Remaining} bytes can hold");
            }

            return count;
        }

        public string ReadString(string what)
        {
            var length = ReadInt32();
            if (length < 0 || length > Remaining)
            {
                throw Corrupt($"the {what} declares {length} bytes, but {Remaining} remain");
            }

            var bytes = Take(length);
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Corrupt($"the {what} is not valid UTF-8");
            }
        }

        public readonly void ExpectEnd()
        {
            if (Remaining != 0)
            {
                throw Corrupt($"{Remaining} unexpected bytes follow the content");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (Remaining < count)
            {
                throw Corrupt($"it ends early at byte {_data.Length} (needed {count} more bytes at offset {_offset})");
            }

            var span = _data.Slice(_offset, count);
            _offset += count;
            return span;
        }
    }
}
