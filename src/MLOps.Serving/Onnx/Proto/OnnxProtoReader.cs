using System.Text;
using Google.Protobuf;

namespace MLOps.Serving.Onnx.Proto;

/// <summary>
/// Reads ONNX protobuf messages field by field with the field numbers of onnx.proto, on a
/// <see cref="WireReader"/>: a truncated or garbled file fails with a <see cref="CorruptException"/>
/// naming the message and field instead of reading past its end.
/// </summary>
internal sealed class OnnxProtoReader
{
    private readonly WireReader _wire;
    private readonly string _source;

    private OnnxProtoReader(byte[] data, string source)
    {
        _wire = new WireReader(data, source);
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
            throw new CorruptException($"{_source} is not a valid ONNX {message}: {exception.Message} (at byte {_wire.Position}).", exception);
        }
        catch (DecoderFallbackException exception)
        {
            throw new CorruptException($"{_source} is not a valid ONNX {message}: a string field is not UTF-8 (at byte {_wire.Position}).", exception);
        }
    }

    private ModelProto ReadModelBody(long end)
    {
        var model = new ModelProto();
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: model.IrVersion = _wire.ReadVarint(tag, "ModelProto.ir_version"); break;
                case 2: model.ProducerName = _wire.ReadString(tag, "ModelProto.producer_name"); break;
                case 3: model.ProducerVersion = _wire.ReadString(tag, "ModelProto.producer_version"); break;
                case 4: model.Domain = _wire.ReadString(tag, "ModelProto.domain"); break;
                case 5: model.ModelVersion = _wire.ReadVarint(tag, "ModelProto.model_version"); break;
                case 6: model.DocString = _wire.ReadString(tag, "ModelProto.doc_string"); break;
                case 7: model.Graph = _wire.ReadMessage(tag, "ModelProto.graph", ReadGraphBody); break;
                case 8: model.OpsetImports.Add(_wire.ReadMessage(tag, "ModelProto.opset_import", ReadOpsetBody)); break;
                case 14: model.MetadataProps.Add(_wire.ReadMessage(tag, "ModelProto.metadata_props", ReadStringEntryBody)); break;
                case 25: model.FunctionNames.Add(_wire.ReadMessage(tag, "ModelProto.functions", ReadFunctionNameBody)); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "ModelProto");
        return model;
    }

    private OperatorSetIdProto ReadOpsetBody(long end)
    {
        var domain = string.Empty;
        long version = 0;
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: domain = _wire.ReadString(tag, "OperatorSetIdProto.domain"); break;
                case 2: version = _wire.ReadVarint(tag, "OperatorSetIdProto.version"); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "OperatorSetIdProto");
        return new OperatorSetIdProto(domain, version);
    }

    private KeyValuePair<string, string> ReadStringEntryBody(long end)
    {
        var key = string.Empty;
        var value = string.Empty;
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: key = _wire.ReadString(tag, "StringStringEntryProto.key"); break;
                case 2: value = _wire.ReadString(tag, "StringStringEntryProto.value"); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "StringStringEntryProto");
        return new KeyValuePair<string, string>(key, value);
    }

    private string ReadFunctionNameBody(long end)
    {
        var name = string.Empty;
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            if (WireReader.Field(tag) == 1)
            {
                name = _wire.ReadString(tag, "FunctionProto.name");
            }
            else
            {
                _wire.Skip();
            }
        }

        _wire.End(end, "FunctionProto");
        return name;
    }

    private GraphProto ReadGraphBody(long end)
    {
        var graph = new GraphProto();
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: graph.Nodes.Add(_wire.ReadMessage(tag, "GraphProto.node", ReadNodeBody)); break;
                case 2: graph.Name = _wire.ReadString(tag, "GraphProto.name"); break;
                case 5: graph.Initializers.Add(_wire.ReadMessage(tag, "GraphProto.initializer", ReadTensorBody)); break;
                case 11: graph.Inputs.Add(_wire.ReadMessage(tag, "GraphProto.input", ReadValueInfoBody)); break;
                case 12: graph.Outputs.Add(_wire.ReadMessage(tag, "GraphProto.output", ReadValueInfoBody)); break;
                case 13: graph.ValueInfos.Add(_wire.ReadMessage(tag, "GraphProto.value_info", ReadValueInfoBody)); break;
                case 15: graph.SparseInitializerCount++; _wire.Skip(); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "GraphProto");
        return graph;
    }

    private NodeProto ReadNodeBody(long end)
    {
        var node = new NodeProto();
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: node.Inputs.Add(_wire.ReadString(tag, "NodeProto.input")); break;
                case 2: node.Outputs.Add(_wire.ReadString(tag, "NodeProto.output")); break;
                case 3: node.Name = _wire.ReadString(tag, "NodeProto.name"); break;
                case 4: node.OpType = _wire.ReadString(tag, "NodeProto.op_type"); break;
                case 5: node.Attributes.Add(_wire.ReadMessage(tag, "NodeProto.attribute", ReadAttributeBody)); break;
                case 7: node.Domain = _wire.ReadString(tag, "NodeProto.domain"); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "NodeProto");
        return node;
    }

    private AttributeProto ReadAttributeBody(long end)
    {
        var attribute = new AttributeProto();
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: attribute.Name = _wire.ReadString(tag, "AttributeProto.name"); break;
                case 2: attribute.F = _wire.ReadFixed32Float(tag, "AttributeProto.f"); break;
                case 3: attribute.I = _wire.ReadVarint(tag, "AttributeProto.i"); break;
                case 4: attribute.S = _wire.ReadBytes(tag, "AttributeProto.s"); break;
                case 5: attribute.T = _wire.ReadMessage(tag, "AttributeProto.t", ReadTensorBody); break;
                case 6: attribute.G = _wire.ReadMessage(tag, "AttributeProto.g", ReadGraphBody); break;
                case 7: _wire.ReadFloats(tag, attribute.Floats, "AttributeProto.floats"); break;
                case 8: _wire.ReadVarints(tag, attribute.Ints, "AttributeProto.ints"); break;
                case 9: attribute.Strings.Add(_wire.ReadBytes(tag, "AttributeProto.strings")); break;
                case 10: attribute.Tensors.Add(_wire.ReadMessage(tag, "AttributeProto.tensors", ReadTensorBody)); break;
                case 11: attribute.Graphs.Add(_wire.ReadMessage(tag, "AttributeProto.graphs", ReadGraphBody)); break;
                case 20: attribute.Type = (AttributeType)_wire.ReadVarint(tag, "AttributeProto.type"); break;
                case 21: attribute.RefAttrName = _wire.ReadString(tag, "AttributeProto.ref_attr_name"); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "AttributeProto");
        return attribute;
    }

    private ValueInfoProto ReadValueInfoBody(long end)
    {
        var info = new ValueInfoProto();
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: info.Name = _wire.ReadString(tag, "ValueInfoProto.name"); break;
                case 2: info.Type = _wire.ReadMessage(tag, "ValueInfoProto.type", ReadTypeBody); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "ValueInfoProto");
        return info;
    }

    private TypeProto ReadTypeBody(long end)
    {
        var type = new TypeProto();
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1:
                    type.Kind = TypeKind.Tensor;
                    _wire.ReadMessage(tag, "TypeProto.tensor_type", e => ReadTensorTypeBody(e, type));
                    break;
                case 4:
                    type.Kind = TypeKind.Sequence;
                    type.ElementType = _wire.ReadMessage(tag, "TypeProto.sequence_type", ReadWrappedTypeBody);
                    break;
                case 5:
                    type.Kind = TypeKind.Map;
                    _wire.ReadMessage(tag, "TypeProto.map_type", e => ReadMapTypeBody(e, type));
                    break;
                case 9:
                    type.Kind = TypeKind.Optional;
                    type.ElementType = _wire.ReadMessage(tag, "TypeProto.optional_type", ReadWrappedTypeBody);
                    break;
                case 8:
                    type.Kind = TypeKind.SparseTensor;
                    _wire.Skip();
                    break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "TypeProto");
        return type;
    }

    private TypeProto? ReadWrappedTypeBody(long end)
    {
        TypeProto? element = null;
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            if (WireReader.Field(tag) == 1)
            {
                element = _wire.ReadMessage(tag, "TypeProto.elem_type", ReadTypeBody);
            }
            else
            {
                _wire.Skip();
            }
        }

        _wire.End(end, "TypeProto.Sequence");
        return element;
    }

    private bool ReadMapTypeBody(long end, TypeProto type)
    {
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: type.MapKeyType = (int)_wire.ReadVarint(tag, "TypeProto.Map.key_type"); break;
                case 2: type.ElementType = _wire.ReadMessage(tag, "TypeProto.Map.value_type", ReadTypeBody); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "TypeProto.Map");
        return true;
    }

    private bool ReadTensorTypeBody(long end, TypeProto type)
    {
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: type.ElemType = (int)_wire.ReadVarint(tag, "TypeProto.Tensor.elem_type"); break;
                case 2: type.Shape = _wire.ReadMessage(tag, "TypeProto.Tensor.shape", ReadShapeBody); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "TypeProto.Tensor");
        return true;
    }

    private List<DimensionProto> ReadShapeBody(long end)
    {
        var dims = new List<DimensionProto>();
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            if (WireReader.Field(tag) == 1)
            {
                dims.Add(_wire.ReadMessage(tag, "TensorShapeProto.dim", ReadDimensionBody));
            }
            else
            {
                _wire.Skip();
            }
        }

        _wire.End(end, "TensorShapeProto");
        return dims;
    }

    private DimensionProto ReadDimensionBody(long end)
    {
        long? value = null;
        string? param = null;
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: value = _wire.ReadVarint(tag, "Dimension.dim_value"); break;
                case 2: param = _wire.ReadString(tag, "Dimension.dim_param"); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "TensorShapeProto.Dimension");
        return new DimensionProto(value, param);
    }

    private TensorProto ReadTensorBody(long end)
    {
        var tensor = new TensorProto();
        while (_wire.More(end))
        {
            var tag = _wire.ReadTag();
            switch (WireReader.Field(tag))
            {
                case 1: _wire.ReadVarints(tag, tensor.Dims, "TensorProto.dims"); break;
                case 2: tensor.DataType = (int)_wire.ReadVarint(tag, "TensorProto.data_type"); break;
                case 3: tensor.HasSegment = true; _wire.Skip(); break;
                case 4: _wire.ReadFloats(tag, tensor.FloatData, "TensorProto.float_data"); break;
                case 5: _wire.ReadInt32s(tag, tensor.Int32Data, "TensorProto.int32_data"); break;
                case 6: tensor.StringData.Add(_wire.ReadBytes(tag, "TensorProto.string_data")); break;
                case 7: _wire.ReadVarints(tag, tensor.Int64Data, "TensorProto.int64_data"); break;
                case 8: tensor.Name = _wire.ReadString(tag, "TensorProto.name"); break;
                case 9: tensor.RawData = _wire.ReadSlice(tag, "TensorProto.raw_data"); break;
                case 10: _wire.ReadDoubles(tag, tensor.DoubleData, "TensorProto.double_data"); break;
                case 11: _wire.ReadUInt64s(tag, tensor.UInt64Data, "TensorProto.uint64_data"); break;
                case 13: tensor.ExternalData.Add(_wire.ReadMessage(tag, "TensorProto.external_data", ReadStringEntryBody)); break;
                case 14: tensor.DataLocation = (int)_wire.ReadVarint(tag, "TensorProto.data_location"); break;
                default: _wire.Skip(); break;
            }
        }

        _wire.End(end, "TensorProto");
        return tensor;
    }

}
