using System.Text.Json;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>The slow paths of JSON number parsing: integers written as decimals, and NaN or infinities written as strings.</summary>
internal static class JsonNumbers
{
    /// <summary>The strings that stand for non-finite floats, which JSON numbers cannot express.</summary>
    public const string NonFiniteSpellings = "a number (or the string \"NaN\", \"Infinity\" or \"-Infinity\")";

    /// <summary>
    /// Reads an integer that the fast typed parse rejected: accepts one written with a fraction or
    /// exponent (<c>3.0</c>, <c>1e3</c>) when its value is integral and in [<paramref name="min"/>,
    /// <paramref name="maxPlusOne"/>); otherwise throws a message that says which rule it broke.
    /// </summary>
    public static double ReadIntegerSlow(ref Utf8JsonReader reader, string input, int index, string datatype, double min, double maxPlusOne)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw JsonElementErrors.WrongToken(ref reader, input, index, datatype, "an integer");
        }

        if (!HasFractionOrExponent(ref reader) || !reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            // Plain integer digits that the typed parse rejected can only be out of range.
            throw JsonElementErrors.OutOfRange(ref reader, input, index, datatype);
        }

        if (Math.Floor(value) != value)
        {
            throw JsonElementErrors.NotInteger(ref reader, input, index, datatype);
        }

        if (value < min || value >= maxPlusOne)
        {
            throw JsonElementErrors.OutOfRange(ref reader, input, index, datatype);
        }

        return value;
    }

    /// <summary>Reads <c>"NaN"</c>, <c>"Infinity"</c> or <c>"-Infinity"</c>; any other token is an error.</summary>
    public static float ReadNonFinite(ref Utf8JsonReader reader, string input, int index, string datatype)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("NaN"u8))
            {
                return float.NaN;
            }

            if (reader.ValueTextEquals("Infinity"u8))
            {
                return float.PositiveInfinity;
            }

            if (reader.ValueTextEquals("-Infinity"u8))
            {
                return float.NegativeInfinity;
            }
        }

        throw JsonElementErrors.WrongToken(ref reader, input, index, datatype, NonFiniteSpellings);
    }

    private static bool HasFractionOrExponent(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence)
        {
            foreach (var segment in reader.ValueSequence)
            {
                if (segment.Span.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        return reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0;
    }
}
