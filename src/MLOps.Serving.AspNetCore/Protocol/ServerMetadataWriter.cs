using System.Buffers;
using System.Text.Json;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>Writes the Open Inference Protocol server metadata body: <c>{"name", "version", "extensions": […]}</c>. Thread-safe.</summary>
internal static class ServerMetadataWriter
{
    /// <summary>The server name reported by default.</summary>
    public const string DefaultName = "mlops";

    /// <summary>The protocol extensions this server implements.</summary>
    public static readonly IReadOnlyList<string> DefaultExtensions = ["binary_tensor_data", "statistics", "model_repository"];

    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText Extensions = JsonEncodedText.Encode("extensions");

    /// <summary>The server version reported by default: this assembly's version, such as <c>0.1.0</c>.</summary>
    public static string DefaultVersion { get; } = typeof(ServerMetadataWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Writes the server metadata.</summary>
    /// <param name="destination">Where the body goes.</param>
    /// <param name="name">The server's name; <see cref="DefaultName"/> when null.</param>
    /// <param name="version">The server's version; <see cref="DefaultVersion"/> when null.</param>
    /// <param name="extensions">The extensions it supports; <see cref="DefaultExtensions"/> when null.</param>
    public static void Write(IBufferWriter<byte> destination, string? name = null, string? version = null, IEnumerable<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var writer = JsonWriterCache.Rent(destination);
        try
        {
            writer.WriteStartObject();
            writer.WriteString(Name, name ?? DefaultName);
            writer.WriteString(Version, version ?? DefaultVersion);
            writer.WriteStartArray(Extensions);
            foreach (var extension in extensions ?? DefaultExtensions)
            {
                writer.WriteStringValue(extension);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }
}
