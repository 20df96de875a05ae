using System.Buffers;
using System.Text.Json;
using MLOps.Serving.AspNetCore.Protocol;
using MLOps.Tensors;

namespace MLOps.Cli.Commands.Serving;

/// <summary>Open Inference Protocol request bodies for the load generator, written with the server's own tensor writers.</summary>
internal static class InferRequestBody
{
    /// <summary><c>{"inputs": [{"name", "shape", "datatype", "data": [...]}]}</c>; every output comes back as JSON.</summary>
    public static byte[] Json(IReadOnlyList<InputSpec> inputs, IReadOnlyList<Tensor> tensors)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteHeader(buffer, inputs, tensors, binary: false, outputs: []);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON header (each input with <c>parameters.binary_data_size</c>, each output asked for with <c>binary_data</c>) and the raw tensors after it.</summary>
    public static (byte[] Body, int HeaderLength) Binary(IReadOnlyList<InputSpec> inputs, IReadOnlyList<Tensor> tensors, IReadOnlyList<string> outputs)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteHeader(buffer, inputs, tensors, binary: true, outputs);
        var headerLength = buffer.WrittenCount;
        foreach (var tensor in tensors)
        {
            BinaryTensorWriter.Write(buffer, tensor);
        }

        return (buffer.WrittenSpan.ToArray(), headerLength);
    }

    private static void WriteHeader(IBufferWriter<byte> buffer, IReadOnlyList<InputSpec> inputs, IReadOnlyList<Tensor> tensors, bool binary, IReadOnlyList<string> outputs)
    {
        using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteStartArray("inputs");
        for (var i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            json.WriteStartObject();
            json.WriteString("name", inputs[i].Name);
            json.WriteStartArray("shape");
            foreach (var dimension in tensor.Shape.Dimensions)
            {
                json.WriteNumberValue(dimension);
            }

            json.WriteEndArray();
            json.WriteString("datatype", inputs[i].ElementType.ToDatatypeName());
            if (binary)
            {
                json.WriteStartObject("parameters");
                json.WriteNumber("binary_data_size", BinaryTensorWriter.GetSize(tensor));
                json.WriteEndObject();
            }
            else
            {
                json.WritePropertyName("data");
                JsonTensorDataWriter.Write(json, tensor);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (outputs.Count > 0)
        {
            json.WriteStartArray("outputs");
            foreach (var output in outputs)
            {
                json.WriteStartObject();
                json.WriteString("name", output);
                json.WriteStartObject("parameters");
                json.WriteBoolean("binary_data", value: true);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
