using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Tests.Protocol;

/// <summary>Reads response bodies with <see cref="JsonDocument"/>, independently of the code under test.</summary>
internal static class TestResponses
{
    /// <summary>Decodes every output of a response body into tensors, by name, in response order.</summary>
    public static (JsonDocument Json, List<(string Name, Tensor Tensor)> Outputs) Parse(byte[] body, int? headerLength)
    {
        var jsonLength = headerLength ?? body.Length;
        var document = JsonDocument.Parse(body.AsMemory(0, jsonLength));
        var binaryOffset = jsonLength;
        var outputs = new List<(string, Tensor)>();
        foreach (var output in document.RootElement.GetProperty("outputs").EnumerateArray())
        {
            var type = TensorElementTypeExtensions.ParseDatatypeName(output.GetProperty("datatype").GetString()!);
            var shape = new TensorShape([.. output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32())]);
            Tensor tensor;
            if (output.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("binary_data_size", out var size))
            {
                Assert.False(output.TryGetProperty("data", out _));
                var bytes = body.AsSpan(binaryOffset, size.GetInt32());
                binaryOffset += bytes.Length;
                tensor = type == TensorElementType.String ? Tensor.Create(DecodeStrings(bytes, shape.ElementCount), shape) : Tensor.FromBytes(type, bytes, shape);
            }
            else
            {
                tensor = FromJson(type, shape, [.. output.GetProperty("data").EnumerateArray()]);
            }

            outputs.Add((output.GetProperty("name").GetString()!, tensor));
        }

        Assert.Equal(body.Length, binaryOffset);
        return (document, outputs);
    }

    private static string[] DecodeStrings(ReadOnlySpan<byte> bytes, int count)
    {
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
            values[i] = Encoding.UTF8.GetString(bytes.Slice(4, length));
            bytes = bytes[(4 + length)..];
        }

        Assert.True(bytes.IsEmpty);
        return values;
    }

    private static Tensor FromJson(TensorElementType type, TensorShape shape, JsonElement[] data)
    {
        Assert.Equal(shape.ElementCount, data.Length);
        return type switch
        {
            TensorElementType.Float32 => Tensor.Create(data.Select(e => (float)Float(e, x => x.GetSingle())).ToArray(), shape),
            TensorElementType.Float64 => Tensor.Create(data.Select(e => Float(e, x => x.GetDouble())).ToArray(), shape),
            TensorElementType.Float16 => Tensor.Create(data.Select(e => (Half)Float(e, x => x.GetDouble())).ToArray(), shape),
            TensorElementType.BFloat16 => Tensor.Create(data.Select(e => (BFloat16)(float)Float(e, x => x.GetSingle())).ToArray(), shape),
            TensorElementType.Int8 => Tensor.Create(data.Select(e => e.GetSByte()).ToArray(), shape),
            TensorElementType.Int16 => Tensor.Create(data.Select(e => e.GetInt16()).ToArray(), shape),
            TensorElementType.Int32 => Tensor.Create(data.Select(e => e.GetInt32()).ToArray(), shape),
            TensorElementType.Int64 => Tensor.Create(data.Select(e => e.GetInt64()).ToArray(), shape),
            TensorElementType.UInt8 => Tensor.Create(data.Select(e => e.GetByte()).ToArray(), shape),
            TensorElementType.UInt16 => Tensor.Create(data.Select(e => e.GetUInt16()).ToArray(), shape),
            TensorElementType.UInt32 => Tensor.Create(data.Select(e => e.GetUInt32()).ToArray(), shape),
            TensorElementType.UInt64 => Tensor.Create(data.Select(e => e.GetUInt64()).ToArray(), shape),
            TensorElementType.Bool => Tensor.Create(data.Select(e => e.GetBoolean()).ToArray(), shape),
            TensorElementType.String => Tensor.Create(data.Select(e => e.GetString()!).ToArray(), shape),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    private static double Float(JsonElement element, Func<JsonElement, double> number) =>
        element.ValueKind != JsonValueKind.String ? number(element) : element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var other => throw new FormatException($"Unexpected float string '{other}'."),
        };
}
