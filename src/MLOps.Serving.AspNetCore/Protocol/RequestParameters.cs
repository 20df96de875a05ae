using System.Text.Json;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>The request-level <c>parameters</c> this server acts on; others are ignored.</summary>
internal readonly record struct RequestParameters(bool BinaryDataOutput, int? Priority, TimeSpan? Timeout)
{
    private static readonly long MaxTimeoutMicroseconds = TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>Reads the parameters object the reader is positioned on; leaves the reader on its closing brace.</summary>
    /// <exception cref="ValidationException">The value is not an object, or a known parameter has the wrong type or range.</exception>
    public static RequestParameters Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ValidationException($"The request parameters must be a JSON object; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        var binary = false;
        int? priority = null;
        TimeSpan? timeout = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("binary_data_output"u8))
            {
                reader.Read();
                binary = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw Invalid(ref reader, "binary_data_output", "true or false"),
                };
            }
            else if (reader.ValueTextEquals("priority"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value) || value < 0)
                {
                    throw Invalid(ref reader, "priority", "a non-negative integer");
                }

                priority = value;
            }
            else if (reader.ValueTextEquals("timeout"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var micros) || micros < 0 || micros > MaxTimeoutMicroseconds)
                {
                    throw Invalid(ref reader, "timeout", "a non-negative integer number of microseconds");
                }

                timeout = micros == 0 ? null : TimeSpan.FromMicroseconds(micros);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new(binary, priority, timeout);
    }

    private static ValidationException Invalid(ref Utf8JsonReader reader, string name, string expected)
    {
        var actual = reader.TokenType == JsonTokenType.Number ? JsonElementErrors.RawText(ref reader) : JsonElementErrors.Describe(reader.TokenType);
        return new($"The request parameter {name} must be {expected}; it is {actual}.");
    }
}
