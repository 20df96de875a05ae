using Google.Protobuf;

namespace MLOps.Serving.Onnx.Proto;

/// <summary>
/// Writes one protobuf message with <see cref="CodedOutputStream"/>. Nested messages are written to
/// their own writer first so their length prefix is known.
/// </summary>
internal sealed class ProtoWriter : IDisposable
{
    private readonly MemoryStream _stream = new();
    private readonly CodedOutputStream _output;

    public ProtoWriter()
    {
        _output = new CodedOutputStream(_stream, leaveOpen: true);
    }

    public void Varint(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
    }

    public void String(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
    }

    public void Bytes(int field, ReadOnlyMemory<byte> value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    public void Float(int field, float value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed32);
        _output.WriteFloat(value);
    }

    public void PackedFloats(int field, IReadOnlyList<float> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteLength(values.Count * 4);
        foreach (var value in values)
        {
            _output.WriteFloat(value);
        }
    }

    public void PackedDoubles(int field, IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteLength(values.Count * 8);
        foreach (var value in values)
        {
            _output.WriteDouble(value);
        }
    }

    public void PackedVarints(int field, IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var length = 0;
        foreach (var value in values)
        {
            length += CodedOutputStream.ComputeInt64Size(value);
        }

        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteLength(length);
        foreach (var value in values)
        {
            _output.WriteInt64(value);
        }
    }

    public void Message(int field, Action<ProtoWriter> body)
    {
        using var nested = new ProtoWriter();
        body(nested);
        Bytes(field, nested.ToArray());
    }

    public byte[] ToArray()
    {
        _output.Flush();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _output.Dispose();
        _stream.Dispose();
    }
}
