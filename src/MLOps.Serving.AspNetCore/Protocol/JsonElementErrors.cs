using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>Messages for JSON tensor elements that do not fit their datatype; each names the input and element.</summary>
internal static class JsonElementErrors
{
    public static ValidationException WrongToken(ref Utf8JsonReader reader, string input, int index, string datatype, string expected) =>
        new($"Input '{input}' element {index.ToString(CultureInfo.InvariantCulture)} is {Describe(reader.TokenType)}; {datatype} needs {expected}.");

    public static ValidationException OutOfRange(ref Utf8JsonReader reader, string input, int index, string datatype) =>
        new($"Input '{input}' element {index.ToString(CultureInfo.InvariantCulture)} is {RawText(ref reader)}, which is out of range for {datatype}.");

    public static ValidationException NotInteger(ref Utf8JsonReader reader, string input, int index, string datatype) =>
        new($"Input '{input}' element {index.ToString(CultureInfo.InvariantCulture)} is {RawText(ref reader)}, which is not an integer as {datatype} needs.");

    /// <summary>Describes a token for a message: <c>a string</c>, <c>null</c>, <c>an array</c>….</summary>
    public static string Describe(JsonTokenType tokenType) => tokenType switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.String => "a string",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => tokenType.ToString(),
    };

    /// <summary>The current token's text as it appears in the body, for messages.</summary>
    public static string RawText(ref Utf8JsonReader reader)
    {
        var text = reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence) : Encoding.UTF8.GetString(reader.ValueSpan);
        return text.Length > 40 ? string.Concat(text.AsSpan(0, 40), "…") : text;
    }
}
