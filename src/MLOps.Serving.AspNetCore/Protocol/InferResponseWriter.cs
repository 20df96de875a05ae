using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>
/// Writes Open Inference Protocol (KServe v2) REST inference responses:
/// <c>{"model_name", "model_version", "id", "outputs": [{"name", "datatype", "shape", "data"}]}</c>,
/// and for outputs asked for as binary, <c>parameters.binary_data_size</c> in the JSON and the raw
/// bytes after it, in output order. Thread-safe; reuses one JSON writer per thread.
/// </summary>
internal static class InferResponseWriter
{
    private static readonly JsonEncodedText ModelName = JsonEncodedText.Encode("model_name");
    private static readonly JsonEncodedText ModelVersion = JsonEncodedText.Encode("model_version");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Outputs = JsonEncodedText.Encode("outputs");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Datatype = JsonEncodedText.Encode("datatype");
    private static readonly JsonEncodedText Shape = JsonEncodedText.Encode("shape");
    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText Parameters = JsonEncodedText.Encode("parameters");
    private static readonly JsonEncodedText BinaryDataSize = JsonEncodedText.Encode("binary_data_size");

    /// <summary>Writes the response to a decoded request.</summary>
    /// <param name="destination">Where the body goes.</param>
    /// <param name="modelName">The model's name.</param>
    /// <param name="modelVersion">The version that answered, or null to leave <c>model_version</c> out.</param>
    /// <param name="request">The request, for its id and the outputs it asked for.</param>
    /// <param name="signature">The model's signature, for output names.</param>
    /// <param name="outputs">Every output tensor, in the order of <see cref="ModelSignature.Outputs"/>.</param>
    /// <returns>The length of the JSON header when binary data follows it (send it as <c>Inference-Header-Content-Length</c>), or null when the body is all JSON.</returns>
    public static int? Write(IBufferWriter<byte> destination, string modelName, string? modelVersion, DecodedInferRequest request, ModelSignature signature, IReadOnlyList<Tensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(destination, modelName, modelVersion, request.Id, signature, request.Outputs, outputs);
    }

    /// <summary>Writes a response.</summary>
    /// <param name="destination">Where the body goes.</param>
    /// <param name="modelName">The model's name.</param>
    /// <param name="modelVersion">The version that answered, or null to leave <c>model_version</c> out.</param>
    /// <param name="id">The request's id, or null to leave <c>id</c> out.</param>
    /// <param name="signature">The model's signature, for output names.</param>
    /// <param name="requested">The outputs to write, in order, and whether each goes as binary.</param>
    /// <param name="outputs">Every output tensor, in the order of <see cref="ModelSignature.Outputs"/>.</param>
    /// <returns>The length of the JSON header when binary data follows it, or null when the body is all JSON.</returns>
    /// <exception cref="ArgumentException">The tensors do not line up with the signature's outputs.</exception>
    public static int? Write(
        IBufferWriter<byte> destination, string modelName, string? modelVersion, string? id, ModelSignature signature, IReadOnlyList<RequestedOutput> requested, IReadOnlyList<Tensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count != signature.Outputs.Count)
        {
            throw new ArgumentException(
                $"Got {outputs.Count.ToString(CultureInfo.InvariantCulture)} output tensors for a signature with {signature.Outputs.Count.ToString(CultureInfo.InvariantCulture)} outputs.", nameof(outputs));
        }

        var hasBinary = false;
        var writer = JsonWriterCache.Rent(destination);
        try
        {
            writer.WriteStartObject();
            writer.WriteString(ModelName, modelName);
            if (modelVersion is not null)
            {
                writer.WriteString(ModelVersion, modelVersion);
            }

            if (id is not null)
            {
                writer.WriteString(Id, id);
            }

            writer.WriteStartArray(Outputs);
            // Indexed loops: foreach over an IReadOnlyList would allocate an enumerator per response.
            for (var i = 0; i < requested.Count; i++)
            {
                var output = requested[i];
                hasBinary |= output.Binary;
                WriteOutput(writer, signature.Outputs[output.Index].Name, outputs[output.Index], output.Binary);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            if (!hasBinary)
            {
                return null;
            }

            var headerLength = checked((int)writer.BytesCommitted);
            for (var i = 0; i < requested.Count; i++)
            {
                if (requested[i].Binary)
                {
                    BinaryTensorWriter.Write(destination, outputs[requested[i].Index]);
                }
            }

            return headerLength;
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }

    private static void WriteOutput(Utf8JsonWriter writer, string name, Tensor tensor, bool binary)
    {
        writer.WriteStartObject();
        writer.WriteString(Name, name);
        writer.WriteString(Datatype, DatatypeNames.Encoded(tensor.ElementType));
        writer.WriteStartArray(Shape);
        foreach (var size in tensor.Shape.Dimensions)
        {
            writer.WriteNumberValue(size);
        }

        writer.WriteEndArray();
        if (binary)
        {
            writer.WriteStartObject(Parameters);
            writer.WriteNumber(BinaryDataSize, BinaryTensorWriter.GetSize(tensor));
            writer.WriteEndObject();
        }
        else
        {
            writer.WritePropertyName(Data);
            JsonTensorDataWriter.Write(writer, tensor);
        }

        writer.WriteEndObject();
    }
}
