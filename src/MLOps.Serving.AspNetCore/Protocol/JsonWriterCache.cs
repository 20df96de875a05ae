using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>One reusable <see cref="Utf8JsonWriter"/> per thread, so writing a response allocates no writer.</summary>
internal static class JsonWriterCache
{
    // Relaxed escaping keeps non-ASCII text as UTF-8; these bodies are API responses, never embedded in HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    // A returned writer points here, so it does not keep the last response's buffer alive; nothing is ever written to it.
    private static readonly ArrayBufferWriter<byte> Detached = new(1);

    [ThreadStatic]
    private static Utf8JsonWriter? t_cached;

    /// <summary>Takes this thread's writer (or a new one if it is in use) and points it at <paramref name="destination"/>.</summary>
    public static Utf8JsonWriter Rent(IBufferWriter<byte> destination)
    {
        var writer = t_cached;
        if (writer is null)
        {
            return new Utf8JsonWriter(destination, Options);
        }

        t_cached = null;
        writer.Reset(destination);
        return writer;
    }

    /// <summary>Gives a writer back after its output has been flushed.</summary>
    public static void Return(Utf8JsonWriter writer)
    {
        writer.Reset(Detached);
        t_cached = writer;
    }
}
