using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.Cli.Output;

/// <summary>The exact JSON the CLI prints with <c>--json</c>: snake_case names, nulls written, one document per command.</summary>
public static class JsonOutput
{
    /// <summary>The serializer options every command uses.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes a value as JSON followed by a newline.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="value">The value.</param>
    public static void Write(TextWriter writer, object value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Options));
    }
}
