using System.Text;
using Google.Protobuf;

namespace MLOps.Serving.Onnx.Proto;

/// <summary>
/// Reads ONNX protobuf messages with <see cref="CodedInputStream"/>, field by field. Nested messages
/// are bounded by their length prefix (tracked through <see cref="CodedInputStream.Position"/>), so a
/// truncated or garbled file fails with a <see cref="CorruptException"/> naming the message and field
/// instead of reading past its end.
/// </summary>
internal sealed class OnnxProtoReader
{
    // Graphs nest through attributes (If, Loop, Scan); a file that nests deeper than this is hostile.
    private const int MaxDepth = 64;

    private readonly CodedInputStream _input;
    private readonly byte[] _data;
    private readonly long _length;
    private readonly string _source;
    private int _depth;

    private OnnxProtoReader(byte[] data, string source)
    {
        _input = new CodedInputStream(data);
        _data = data;
        _length = data.Length;
        _source = source;
    }

    /// <summary>Parses a whole file as a <c>ModelProto</c>.</summary>
    public static ModelProto ReadModel(byte[] data, string source)
    {
        var reader = new OnnxProtoReader(data, source);
        return reader.Guard("ModelProto", () => reader.ReadModelBody(data.Length));
    }

    /// <summary>Parses a whole file as a <c>TensorProto</c>.</summary>
    public static TensorProto ReadTensor(byte[] data, string source)
    {
        var reader = new OnnxProtoReader(data, source);
        return reader.Guard("TensorProto", () => reader.ReadTensorBody(data.Length));
    }

    private T Guard<T>(string message, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new CorruptException($"{_source} is not a valid ONNX {message}: {exception.Message} (at byte {_input.Position}).", exception);
        }
        catch (DecoderFallbackException exception)
        {
            throw new CorruptException($"{_source} is not a valid ONNX {message}: a string field is not UTF-8 (at byte {_input.Position}).", exception);
        }
    }

    private ModelProto ReadModelBody(long end)
    {
        var model = new ModelProto();
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: model.IrVersion = ReadVarint(tag, "ModelProto.ir_version"); break;
                case 2: model.ProducerName = ReadString(tag, "ModelProto.producer_name"); break;
                case 3: model.ProducerVersion = ReadString(tag, "ModelProto.producer_version"); break;
                case 4: model.Domain = ReadString(tag, "ModelProto.domain"); break;
                case 5: model.ModelVersion = ReadVarint(tag, "ModelProto.model_version"); break;
                case 6: model.DocString = ReadString(tag, "ModelProto.doc_string"); break;
                case 7: model.Graph = ReadMessage(tag, "ModelProto.graph", ReadGraphBody); break;
                case 8: model.OpsetImports.Add(ReadMessage(tag, "ModelProto.opset_import", ReadOpsetBody)); break;
                case 14: model.MetadataProps.Add(ReadMessage(tag, "ModelProto.metadata_props", ReadStringEntryBody)); break;
                case 25: model.FunctionNames.Add(ReadMessage(tag, "ModelProto.functions", ReadFunctionNameBody)); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "ModelProto");
        return model;
    }

    private OperatorSetIdProto ReadOpsetBody(long end)
    {
        var domain = string.Empty;
        long version = 0;
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: domain = ReadString(tag, "OperatorSetIdProto.domain"); break;
                case 2: version = ReadVarint(tag, "OperatorSetIdProto.version"); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "OperatorSetIdProto");
        return new OperatorSetIdProto(domain, version);
    }

    private KeyValuePair<string, string> ReadStringEntryBody(long end)
    {
        var key = string.Empty;
        var value = string.Empty;
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: key = ReadString(tag, "StringStringEntryProto.key"); break;
                case 2: value = ReadString(tag, "StringStringEntryProto.value"); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "StringStringEntryProto");
        return new KeyValuePair<string, string>(key, value);
    }

    private string ReadFunctionNameBody(long end)
    {
        var name = string.Empty;
        while (More(end))
        {
            var tag = _input.ReadTag();
            if (Field(tag) == 1)
            {
                name = ReadString(tag, "FunctionProto.name");
            }
            else
            {
                _input.SkipLastField();
            }
        }

        End(end, "FunctionProto");
        return name;
    }

    private GraphProto ReadGraphBody(long end)
    {
        var graph = new GraphProto();
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: graph.Nodes.Add(ReadMessage(tag, "GraphProto.node", ReadNodeBody)); break;
                case 2: graph.Name = ReadString(tag, "GraphProto.name"); break;
                case 5: graph.Initializers.Add(ReadMessage(tag, "GraphProto.initializer", ReadTensorBody)); break;
                case 11: graph.Inputs.Add(ReadMessage(tag, "GraphProto.input", ReadValueInfoBody)); break;
                case 12: graph.Outputs.Add(ReadMessage(tag, "GraphProto.output", ReadValueInfoBody)); break;
                case 13: graph.ValueInfos.Add(ReadMessage(tag, "GraphProto.value_info", ReadValueInfoBody)); break;
                case 15: graph.SparseInitializerCount++; _input.SkipLastField(); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "GraphProto");
        return graph;
    }

    private NodeProto ReadNodeBody(long end)
    {
        var node = new NodeProto();
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: node.Inputs.Add(ReadString(tag, "NodeProto.input")); break;
                case 2: node.Outputs.Add(ReadString(tag, "NodeProto.output")); break;
                case 3: node.Name = ReadString(tag, "NodeProto.name"); break;
                case 4: node.OpType = ReadString(tag, "NodeProto.op_type"); break;
                case 5: node.Attributes.Add(ReadMessage(tag, "NodeProto.attribute", ReadAttributeBody)); break;
                case 7: node.Domain = ReadString(tag, "NodeProto.domain"); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "NodeProto");
        return node;
    }

    private AttributeProto ReadAttributeBody(long end)
    {
        var attribute = new AttributeProto();
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: attribute.Name = ReadString(tag, "AttributeProto.name"); break;
                case 2: attribute.F = ReadFixed32Float(tag, "AttributeProto.f"); break;
                case 3: attribute.I = ReadVarint(tag, "AttributeProto.i"); break;
                case 4: attribute.S = ReadBytes(tag, "AttributeProto.s"); break;
                case 5: attribute.T = ReadMessage(tag, "AttributeProto.t", ReadTensorBody); break;
                case 6: attribute.G = ReadMessage(tag, "AttributeProto.g", ReadGraphBody); break;
                case 7: ReadFloats(tag, attribute.Floats, "AttributeProto.floats"); break;
                case 8: ReadVarints(tag, attribute.Ints, "AttributeProto.ints"); break;
                case 9: attribute.Strings.Add(ReadBytes(tag, "AttributeProto.strings")); break;
                case 10: attribute.Tensors.Add(ReadMessage(tag, "AttributeProto.tensors", ReadTensorBody)); break;
                case 11: attribute.Graphs.Add(ReadMessage(tag, "AttributeProto.graphs", ReadGraphBody)); break;
                case 20: attribute.Type = (AttributeType)ReadVarint(tag, "AttributeProto.type"); break;
                case 21: attribute.RefAttrName = ReadString(tag, "AttributeProto.ref_attr_name"); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "AttributeProto");
        return attribute;
    }

    private ValueInfoProto ReadValueInfoBody(long end)
    {
        var info = new ValueInfoProto();
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: info.Name = ReadString(tag, "ValueInfoProto.name"); break;
                case 2: info.Type = ReadMessage(tag, "ValueInfoProto.type", ReadTypeBody); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "ValueInfoProto");
        return info;
    }

    private TypeProto ReadTypeBody(long end)
    {
        var type = new TypeProto();
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1:
                    type.Kind = TypeKind.Tensor;
                    ReadMessage(tag, "TypeProto.tensor_type", e => ReadTensorTypeBody(e, type));
                    break;
                case 4:
                    type.Kind = TypeKind.Sequence;
                    type.ElementType = ReadMessage(tag, "TypeProto.sequence_type", ReadWrappedTypeBody);
                    break;
                case 5:
                    type.Kind = TypeKind.Map;
                    ReadMessage(tag, "TypeProto.map_type", e => ReadMapTypeBody(e, type));
                    break;
                case 9:
                    type.Kind = TypeKind.Optional;
                    type.ElementType = ReadMessage(tag, "TypeProto.optional_type", ReadWrappedTypeBody);
                    break;
                case 8:
                    type.Kind = TypeKind.SparseTensor;
                    _input.SkipLastField();
                    break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "TypeProto");
        return type;
    }

    private TypeProto? ReadWrappedTypeBody(long end)
    {
        TypeProto? element = null;
        while (More(end))
        {
            var tag = _input.ReadTag();
            if (Field(tag) == 1)
            {
                element = ReadMessage(tag, "TypeProto.elem_type", ReadTypeBody);
            }
            else
            {
                _input.SkipLastField();
            }
        }

        End(end, "TypeProto.Sequence");
        return element;
    }

    private bool ReadMapTypeBody(long end, TypeProto type)
    {
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: type.MapKeyType = (int)ReadVarint(tag, "TypeProto.Map.key_type"); break;
                case 2: type.ElementType = ReadMessage(tag, "TypeProto.Map.value_type", ReadTypeBody); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "TypeProto.Map");
        return true;
    }

    private bool ReadTensorTypeBody(long end, TypeProto type)
    {
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: type.ElemType = (int)ReadVarint(tag, "TypeProto.Tensor.elem_type"); break;
                case 2: type.Shape = ReadMessage(tag, "TypeProto.Tensor.shape", ReadShapeBody); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "TypeProto.Tensor");
        return true;
    }

    private List<DimensionProto> ReadShapeBody(long end)
    {
        var dims = new List<DimensionProto>();
        while (More(end))
        {
            var tag = _input.ReadTag();
            if (Field(tag) == 1)
            {
                dims.Add(ReadMessage(tag, "TensorShapeProto.dim", ReadDimensionBody));
            }
            else
            {
                _input.SkipLastField();
            }
        }

        End(end, "TensorShapeProto");
        return dims;
    }

    private DimensionProto ReadDimensionBody(long end)
    {
        long? value = null;
        string? param = null;
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: value = ReadVarint(tag, "Dimension.dim_value"); break;
                case 2: param = ReadString(tag, "Dimension.dim_param"); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "TensorShapeProto.Dimension");
        return new DimensionProto(value, param);
    }

    private TensorProto ReadTensorBody(long end)
    {
        var tensor = new TensorProto();
        while (More(end))
        {
            var tag = _input.ReadTag();
            switch (Field(tag))
            {
                case 1: ReadVarints(tag, tensor.Dims, "TensorProto.dims"); break;
                case 2: tensor.DataType = (int)ReadVarint(tag, "TensorProto.data_type"); break;
                case 3: tensor.HasSegment = true; _input.SkipLastField(); break;
                case 4: ReadFloats(tag, tensor.FloatData, "TensorProto.float_data"); break;
                case 5: ReadInt32s(tag, tensor.Int32Data, "TensorProto.int32_data"); break;
                case 6: tensor.StringData.Add(ReadBytes(tag, "TensorProto.string_data")); break;
                case 7: ReadVarints(tag, tensor.Int64Data, "TensorProto.int64_data"); break;
                case 8: tensor.Name = ReadString(tag, "TensorProto.name"); break;
                case 9: tensor.RawData = ReadSlice(tag, "TensorProto.raw_data"); break;
                case 10: ReadDoubles(tag, tensor.DoubleData, "TensorProto.double_data"); break;
                case 11: ReadUInt64s(tag, tensor.UInt64Data, "TensorProto.uint64_data"); break;
                case 13: tensor.ExternalData.Add(ReadMessage(tag, "TensorProto.external_data", ReadStringEntryBody)); break;
                case 14: tensor.DataLocation = (int)ReadVarint(tag, "TensorProto.data_location"); break;
                default: _input.SkipLastField(); break;
            }
        }

        End(end, "TensorProto");
        return tensor;
    }

    private bool More(long end) => _input.Position < end;

    private void End(long end, string message)
    {
        if (_input.Position != end)
        {
            throw new CorruptException($"{_source} is not a valid ONNX file: a {message} runs past its declared length (at byte {_input.Position}).");
        }
    }

    private static int Field(uint tag) => WireFormat.GetTagFieldNumber(tag);

    private void Expect(uint tag, WireFormat.WireType wireType, string field)
    {
        if (WireFormat.GetTagWireType(tag) != wireType)
        {
            throw new CorruptException(
                $"{_source} is not a valid ONNX file: field {field} has wire type {WireFormat.GetTagWireType(tag)}, expected {wireType} (at byte {_input.Position}).");
        }
    }

    private long ReadVarint(uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.Varint, field);
        return _input.ReadInt64();
    }

    private float ReadFixed32Float(uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.Fixed32, field);
        return _input.ReadFloat();
    }

    private string ReadString(uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.LengthDelimited, field);
        return _input.ReadString();
    }

    private byte[] ReadBytes(uint tag, string field) => ReadByteString(tag, field).ToByteArray();

    private ByteString ReadByteString(uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.LengthDelimited, field);
        return _input.ReadBytes();
    }

    /// <summary>
    /// A length-delimited field as a slice of the input, without copying: raw tensor data can be
    /// most of a model's bytes. <see cref="CodedInputStream.SkipLastField"/> advances past the field
    /// in place; its length prefix is decoded here from the input.
    /// </summary>
    private ReadOnlyMemory<byte> ReadSlice(uint tag, string field)
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

    private T ReadMessage<T>(uint tag, string field, Func<long, T> body)
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

    private void ReadVarints(uint tag, List<long> values, string field)
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

    private void ReadInt32s(uint tag, List<int> values, string field)
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

    private void ReadUInt64s(uint tag, List<ulong> values, string field)
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

    private void ReadFloats(uint tag, List<float> values, string field)
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

    private void ReadDoubles(uint tag, List<double> values, string field)
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
