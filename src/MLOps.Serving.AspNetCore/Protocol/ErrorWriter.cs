using System.Buffers;
using System.Text.Json;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>Writes the Open Inference Protocol error body: <c>{"error": "message"}</c>. Thread-safe.</summary>
internal static class ErrorWriter
{
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");

    /// <summary>Writes an error body.</summary>
    /// <param name="destination">Where the body goes.</param>
    /// <param name="message">What went wrong.</param>
    public static void Write(IBufferWriter<byte> destination, string message)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(message);
        var writer = JsonWriterCache.Rent(destination);
        try
        {
            writer.WriteStartObject();
            writer.WriteString(Error, message);
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }
}
