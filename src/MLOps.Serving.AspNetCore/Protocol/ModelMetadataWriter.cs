using System.Buffers;
using System.Text.Json;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>
/// Writes the Open Inference Protocol model metadata body:
/// <c>{"name", "versions", "platform", "inputs": [{"name", "datatype", "shape"}], "outputs": […]}</c>.
/// Dimensions that vary (symbolic or unknown) are written as -1; a tensor whose rank the model does
/// not declare gets an empty shape, and one whose element type the protocol cannot carry gets
/// datatype <c>UNKNOWN</c>. Thread-safe.
/// </summary>
internal static class ModelMetadataWriter
{
    /// <summary>The platform this server reports for its models.</summary>
    public const string OnnxPlatform = "onnx";

    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Versions = JsonEncodedText.Encode("versions");
    private static readonly JsonEncodedText Platform = JsonEncodedText.Encode("platform");
    private static readonly JsonEncodedText Inputs = JsonEncodedText.Encode("inputs");
    private static readonly JsonEncodedText Outputs = JsonEncodedText.Encode("outputs");
    private static readonly JsonEncodedText Datatype = JsonEncodedText.Encode("datatype");
    private static readonly JsonEncodedText Shape = JsonEncodedText.Encode("shape");
    private static readonly JsonEncodedText Unknown = JsonEncodedText.Encode("UNKNOWN");

    /// <summary>Writes a model's metadata.</summary>
    /// <param name="destination">Where the body goes.</param>
    /// <param name="name">The model's name.</param>
    /// <param name="versions">The versions available, such as <c>["1", "2"]</c>.</param>
    /// <param name="signature">The model's inputs and outputs.</param>
    /// <param name="platform">The platform; <c>onnx</c> unless told otherwise.</param>
    public static void Write(IBufferWriter<byte> destination, string name, IEnumerable<string> versions, ModelSignature signature, string platform = OnnxPlatform)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(platform);
        var writer = JsonWriterCache.Rent(destination);
        try
        {
            writer.WriteStartObject();
            writer.WriteString(Name, name);
            writer.WriteStartArray(Versions);
            foreach (var version in versions)
            {
                writer.WriteStringValue(version);
            }

            writer.WriteEndArray();
            writer.WriteString(Platform, platform);
            WriteTensors(writer, Inputs, signature.Inputs);
            WriteTensors(writer, Outputs, signature.Outputs);
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }

    private static void WriteTensors(Utf8JsonWriter writer, JsonEncodedText property, IReadOnlyList<TensorSignature> tensors)
    {
        writer.WriteStartArray(property);
        foreach (var tensor in tensors)
        {
            writer.WriteStartObject();
            writer.WriteString(Name, tensor.Name);
            writer.WriteString(Datatype, tensor.ElementType is { } type ? DatatypeNames.Encoded(type) : Unknown);
            writer.WriteStartArray(Shape);
            foreach (var dimension in tensor.Dimensions ?? [])
            {
                writer.WriteNumberValue(dimension.Size ?? -1);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
