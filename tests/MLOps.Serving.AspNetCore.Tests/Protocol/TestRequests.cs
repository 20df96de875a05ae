using System.Buffers;
using System.Text;
using System.Text.Json;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Tests.Protocol;

/// <summary>Writes request bodies the way a client would, independently of the code under test.</summary>
internal static class TestRequests
{
    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static string Utf8Text(byte[] body) => Encoding.UTF8.GetString(body);

    /// <summary>A JSON-only body with one input <c>x</c>.</summary>
    public static byte[] Json(Tensor tensor, bool nested = false, string name = "x") =>
        Encode([new TestInput(name, tensor, Nested: nested)]).Body;

    /// <summary>A body with one binary input <c>x</c>; returns the body and the JSON header length.</summary>
    public static (byte[] Body, long? HeaderLength) Binary(Tensor tensor, string name = "x") =>
        Encode([new TestInput(name, tensor, Binary: true)]);

    public static (byte[] Body, long? HeaderLength) Encode(IReadOnlyList<TestInput> inputs, Action<Utf8JsonWriter>? extra = null)
    {
        var json = new ArrayBufferWriter<byte>();
        var binary = new List<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            extra?.Invoke(writer);
            writer.WriteStartArray("inputs");
            foreach (var input in inputs)
            {
                writer.WriteStartObject();
                writer.WriteString("name", input.Name);
                writer.WriteStartArray("shape");
                foreach (var size in input.Tensor.Shape.Dimensions)
                {
                    writer.WriteNumberValue(size);
                }

                writer.WriteEndArray();
                writer.WriteString("datatype", input.Tensor.ElementType.ToDatatypeName());
                if (input.Binary)
                {
                    var bytes = input.Tensor is Tensor<string> strings ? TestTensors.StringBytes(strings.ToArray()) : input.Tensor.AsBytes().ToArray();
                    writer.WriteStartObject("parameters");
                    writer.WriteNumber("binary_data_size", bytes.Length);
                    writer.WriteEndObject();
                    binary.AddRange(bytes);
                }
                else
                {
                    writer.WritePropertyName("data");
                    WriteData(writer, input.Tensor, input.Nested);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var hasBinary = inputs.Any(i => i.Binary);
        return (hasBinary ? [.. json.WrittenSpan, .. binary] : json.WrittenSpan.ToArray(), hasBinary ? json.WrittenCount : null);
    }

    public static void WriteData(Utf8JsonWriter writer, Tensor tensor, bool nested)
    {
        var index = 0;
        if (!nested || tensor.Rank == 0)
        {
            writer.WriteStartArray();
            for (var i = 0; i < tensor.ElementCount; i++)
            {
                WriteElement(writer, tensor, i);
            }

            writer.WriteEndArray();
            return;
        }

        WriteNested(writer, tensor, 0, ref index);
    }

    private static void WriteNested(Utf8JsonWriter writer, Tensor tensor, int dimension, ref int index)
    {
        writer.WriteStartArray();
        for (var i = 0; i < tensor.Shape[dimension]; i++)
        {
            if (dimension == tensor.Rank - 1)
            {
                WriteElement(writer, tensor, index++);
            }
            else
            {
                WriteNested(writer, tensor, dimension + 1, ref index);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteElement(Utf8JsonWriter writer, Tensor tensor, int i)
    {
        switch (tensor)
        {
            case Tensor<float> t: WriteFloat(writer, t.Span[i]); break;
            case Tensor<double> t: WriteFloat(writer, t.Span[i]); break;
            case Tensor<Half> t: WriteFloat(writer, (double)t.Span[i]); break;
            case Tensor<BFloat16> t: WriteFloat(writer, (float)t.Span[i]); break;
            case Tensor<sbyte> t: writer.WriteNumberValue(t.Span[i]); break;
            case Tensor<short> t: writer.WriteNumberValue(t.Span[i]); break;
            case Tensor<int> t: writer.WriteNumberValue(t.Span[i]); break;
            case Tensor<long> t: writer.WriteNumberValue(t.Span[i]); break;
            case Tensor<byte> t: writer.WriteNumberValue(t.Span[i]); break;
            case Tensor<ushort> t: writer.WriteNumberValue(t.Span[i]); break;
            case Tensor<uint> t: writer.WriteNumberValue(t.Span[i]); break;
            case Tensor<ulong> t: writer.WriteNumberValue(t.Span[i]); break;
            case Tensor<bool> t: writer.WriteBooleanValue(t.Span[i]); break;
            case Tensor<string> t: writer.WriteStringValue(t.Span[i]); break;
            default: throw new ArgumentOutOfRangeException(nameof(tensor));
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}

/// <summary>One input of a test request.</summary>
internal sealed record TestInput(string Name, Tensor Tensor, bool Binary = false, bool Nested = false);
