using System.Text;

namespace MLOps.Serving.Onnx.Proto;

/// <summary>Writes the ONNX messages the engine understands, with the field numbers of onnx.proto.</summary>
internal static class OnnxProtoWriter
{
    public static byte[] WriteModel(ModelProto model)
    {
        using var writer = new ProtoWriter();
        writer.Varint(1, model.IrVersion);
        foreach (var opset in model.OpsetImports)
        {
            writer.Message(8, w =>
            {
                w.String(1, opset.Domain);
                w.Varint(2, opset.Version);
            });
        }

        writer.String(2, model.ProducerName);
        writer.String(3, model.ProducerVersion);
        if (model.Domain.Length > 0)
        {
            writer.String(4, model.Domain);
        }

        writer.Varint(5, model.ModelVersion);
        if (model.DocString.Length > 0)
        {
            writer.String(6, model.DocString);
        }

        if (model.Graph is not null)
        {
            writer.Message(7, w => WriteGraph(w, model.Graph));
        }

        foreach (var entry in model.MetadataProps)
        {
            writer.Message(14, w => WriteEntry(w, entry));
        }

        return writer.ToArray();
    }

    public static byte[] WriteTensor(TensorProto tensor)
    {
        using var writer = new ProtoWriter();
        WriteTensor(writer, tensor);
        return writer.ToArray();
    }

    private static void WriteEntry(ProtoWriter writer, KeyValuePair<string, string> entry)
    {
        writer.String(1, entry.Key);
        writer.String(2, entry.Value);
    }

    private static void WriteGraph(ProtoWriter writer, GraphProto graph)
    {
        foreach (var node in graph.Nodes)
        {
            writer.Message(1, w => WriteNode(w, node));
        }

        writer.String(2, graph.Name);
        foreach (var initializer in graph.Initializers)
        {
            writer.Message(5, w => WriteTensor(w, initializer));
        }

        foreach (var input in graph.Inputs)
        {
            writer.Message(11, w => WriteValueInfo(w, input));
        }

        foreach (var output in graph.Outputs)
        {
            writer.Message(12, w => WriteValueInfo(w, output));
        }

        foreach (var info in graph.ValueInfos)
        {
            writer.Message(13, w => WriteValueInfo(w, info));
        }
    }

    private static void WriteNode(ProtoWriter writer, NodeProto node)
    {
        foreach (var input in node.Inputs)
        {
            writer.String(1, input);
        }

        foreach (var output in node.Outputs)
        {
            writer.String(2, output);
        }

        if (node.Name.Length > 0)
        {
            writer.String(3, node.Name);
        }

        writer.String(4, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            writer.Message(5, w => WriteAttribute(w, attribute));
        }

        if (node.Domain.Length > 0)
        {
            writer.String(7, node.Domain);
        }
    }

    private static void WriteAttribute(ProtoWriter writer, AttributeProto attribute)
    {
        writer.String(1, attribute.Name);
        switch (attribute.Type)
        {
            case AttributeType.Float: writer.Float(2, attribute.F); break;
            case AttributeType.Int: writer.Varint(3, attribute.I); break;
            case AttributeType.String: writer.Bytes(4, attribute.S); break;
            case AttributeType.Tensor: writer.Message(5, w => WriteTensor(w, attribute.T!)); break;
            case AttributeType.Graph: writer.Message(6, w => WriteGraph(w, attribute.G!)); break;
            case AttributeType.Floats: writer.PackedFloats(7, attribute.Floats); break;
            case AttributeType.Ints: writer.PackedVarints(8, attribute.Ints); break;
            case AttributeType.Strings:
                foreach (var value in attribute.Strings)
                {
                    writer.Bytes(9, value);
                }

                break;
            case AttributeType.Tensors:
                foreach (var value in attribute.Tensors)
                {
                    writer.Message(10, w => WriteTensor(w, value));
                }

                break;
            default:
                throw new ValidationException($"Attribute '{attribute.Name}' has type {attribute.Type}, which the ONNX writer does not support.");
        }

        writer.Varint(20, (long)attribute.Type);
    }

    private static void WriteValueInfo(ProtoWriter writer, ValueInfoProto info)
    {
        writer.String(1, info.Name);
        if (info.Type is not null)
        {
            writer.Message(2, w => WriteType(w, info.Type));
        }
    }

    private static void WriteType(ProtoWriter writer, TypeProto type)
    {
        switch (type.Kind)
        {
            case TypeKind.Tensor:
                writer.Message(1, w =>
                {
                    w.Varint(1, type.ElemType);
                    if (type.Shape is not null)
                    {
                        w.Message(2, shape =>
                        {
                            foreach (var dim in type.Shape)
                            {
                                shape.Message(1, d =>
                                {
                                    if (dim.Value is { } value)
                                    {
                                        d.Varint(1, value);
                                    }
                                    else if (dim.Param is { } param)
                                    {
                                        d.String(2, param);
                                    }
                                });
                            }
                        });
                    }
                });
                break;
            case TypeKind.Sequence:
                writer.Message(4, w => w.Message(1, e => WriteType(e, type.ElementType!)));
                break;
            case TypeKind.Map:
                writer.Message(5, w =>
                {
                    w.Varint(1, type.MapKeyType);
                    w.Message(2, e => WriteType(e, type.ElementType!));
                });
                break;
            default:
                throw new ValidationException($"The ONNX writer does not support {type.Kind} types.");
        }
    }

    private static void WriteTensor(ProtoWriter writer, TensorProto tensor)
    {
        writer.PackedVarints(1, tensor.Dims);
        writer.Varint(2, tensor.DataType);
        writer.PackedFloats(4, tensor.FloatData);
        writer.PackedVarints(5, tensor.Int32Data.ConvertAll(static v => (long)v));
        foreach (var value in tensor.StringData)
        {
            writer.Bytes(6, value);
        }

        writer.PackedVarints(7, tensor.Int64Data);
        if (tensor.Name.Length > 0)
        {
            writer.String(8, tensor.Name);
        }

        if (tensor.RawData is { } raw)
        {
            writer.Bytes(9, raw);
        }

        writer.PackedDoubles(10, tensor.DoubleData);
        foreach (var entry in tensor.ExternalData)
        {
            writer.Message(13, w => WriteEntry(w, entry));
        }

        if (tensor.DataLocation != 0)
        {
            writer.Varint(14, tensor.DataLocation);
        }
    }

    /// <summary>UTF-8 bytes of a string attribute or string tensor element.</summary>
    public static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
