using Google.Protobuf;

namespace MLOps.Serving.Onnx.Proto;

/// <summary>
/// Protobuf wire primitives over <see cref="CodedInputStream"/> with the checks a hostile file
/// needs: wire types are verified, nested messages and packed fields are bounded by their length
/// prefix (tracked through <see cref="CodedInputStream.Position"/>), nesting depth is capped, and
/// every failure is a <see cref="CorruptException"/> naming the field and byte offset.
/// </summary>
internal sealed class WireReader
{
    // Graphs nest through attributes (If, Loop, Scan); a file that nests deeper than this is hostile.
    private const int MaxDepth = 64;

    private readonly CodedInputStream _input;
    private readonly byte[] _data;
    private readonly long _length;
    private readonly string _source;
    private int _depth;

    public WireReader(byte[] data, string source)
    {
        _input = new CodedInputStream(data);
        _data = data;
        _length = data.Length;
        _source = source;
    }

    public long Position => _input.Position;

    public uint ReadTag() => _input.ReadTag();

    public void Skip() => _input.SkipLastField();

    public static int Field(uint tag) => WireFormat.GetTagFieldNumber(tag);

    public bool More(long end) => _input.Position < end;

    public void End(long end, string message)
    {
        if (_input.Position != end)
        {
            throw new CorruptException($"{_source} is not a valid ONNX file: a {message} runs past its declared length (at byte {_input.Position}).");
        }
    }

    private void Expect(uint tag, WireFormat.WireType wireType, string field)
    {
        if (WireFormat.GetTagWireType(tag) != wireType)
        {
            throw new CorruptException(
                $"{_source} is not a valid ONNX file: field {field} has wire type {WireFormat.GetTagWireType(tag)}, expected {wireType} (at byte {_input.Position}).");
        }
    }

    public long ReadVarint(uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.Varint, field);
        return _input.ReadInt64();
    }

    public float ReadFixed32Float(uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.Fixed32, field);
        return _input.ReadFloat();
    }

    public string ReadString(uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.LengthDelimited, field);
        return _input.ReadString();
    }

    public byte[] ReadBytes(uint tag, string field) => ReadByteString(tag, field).ToByteArray();

    public ByteString ReadByteString(uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.LengthDelimited, field);
        return _input.ReadBytes();
    }

    /// <summary>
    /// A length-delimited field as a slice of the input, without copying: raw tensor data can be
    /// most of a model's bytes. <see cref="CodedInputStream.SkipLastField"/> advances past the field
    /// in place; its length prefix is decoded here from the input.
    /// </summary>
    public ReadOnlyMemory<byte> ReadSlice(uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.LengthDelimited, field);
        var prefix = _input.Position;
        _input.SkipLastField();
        var end = _input.Position;
        ulong length = 0;
        for (var shift = 0; prefix < end && shift < 64; shift += 7)
        {
            var b = _data[prefix++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (length > (ulong)(end - prefix))
        {
            throw new CorruptException($"{_source} is not a valid ONNX file: field {field} is malformed (at byte {prefix}).");
        }

        return _data.AsMemory((int)(end - (long)length), (int)length);
    }

    public T ReadMessage<T>(uint tag, string field, Func<long, T> body)
    {
        Expect(tag, WireFormat.WireType.LengthDelimited, field);
        var length = _input.ReadLength();
        var end = _input.Position + length;
        if (length < 0 || end > _length)
        {
            throw new CorruptException($"{_source} is truncated: field {field} declares {length} bytes but the file ends at byte {_length}.");
        }

        if (++_depth > MaxDepth)
        {
            throw new CorruptException($"{_source} nests messages more than {MaxDepth} deep at field {field}.");
        }

        var result = body(end);
        _depth--;
        return result;
    }

    private long PackedEnd(string field)
    {
        var length = _input.ReadLength();
        var end = _input.Position + length;
        if (length < 0 || end > _length)
        {
            throw new CorruptException($"{_source} is truncated: packed field {field} declares {length} bytes but the file ends at byte {_length}.");
        }

        return end;
    }

    public void ReadVarints(uint tag, List<long> values, string field)
    {
        if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
        {
            var end = PackedEnd(field);
            while (More(end))
            {
                values.Add(_input.ReadInt64());
            }

            End(end, field);
            return;
        }

        values.Add(ReadVarint(tag, field));
    }

    public void ReadInt32s(uint tag, List<int> values, string field)
    {
        if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
        {
            var end = PackedEnd(field);
            while (More(end))
            {
                values.Add(_input.ReadInt32());
            }

            End(end, field);
            return;
        }

        Expect(tag, WireFormat.WireType.Varint, field);
        values.Add(_input.ReadInt32());
    }

    public void ReadUInt64s(uint tag, List<ulong> values, string field)
    {
        if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
        {
            var end = PackedEnd(field);
            while (More(end))
            {
                values.Add(_input.ReadUInt64());
            }

            End(end, field);
            return;
        }

        Expect(tag, WireFormat.WireType.Varint, field);
        values.Add(_input.ReadUInt64());
    }

    public void ReadFloats(uint tag, List<float> values, string field)
    {
        if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
        {
            var end = PackedEnd(field);
            values.Capacity = Math.Max(values.Capacity, values.Count + (int)((end - _input.Position) / 4));
            while (More(end))
            {
                values.Add(_input.ReadFloat());
            }

            End(end, field);
            return;
        }

        values.Add(ReadFixed32Float(tag, field));
    }

    public void ReadDoubles(uint tag, List<double> values, string field)
    {
        if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
        {
            var end = PackedEnd(field);
            while (More(end))
            {
                values.Add(_input.ReadDouble());
            }

            End(end, field);
            return;
        }

        Expect(tag, WireFormat.WireType.Fixed64, field);
        values.Add(_input.ReadDouble());
    }
}
