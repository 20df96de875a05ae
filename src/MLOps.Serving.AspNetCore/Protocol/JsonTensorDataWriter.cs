using System.Globalization;
using System.Text.Json;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>
/// Writes a tensor's elements as a flat JSON array. Floats use the shortest text that round-trips;
/// NaN and infinities, which JSON numbers cannot express, are the strings <c>"NaN"</c>,
/// <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </summary>
internal static class JsonTensorDataWriter
{
    private static readonly JsonEncodedText NaN = JsonEncodedText.Encode("NaN");
    private static readonly JsonEncodedText PositiveInfinity = JsonEncodedText.Encode("Infinity");
    private static readonly JsonEncodedText NegativeInfinity = JsonEncodedText.Encode("-Infinity");

    /// <summary>Writes <c>[e0, e1, …]</c>.</summary>
    public static void Write(Utf8JsonWriter writer, Tensor tensor)
    {
        writer.WriteStartArray();
        switch (tensor)
        {
            case Tensor<float> t:
                foreach (var value in t.Span)
                {
                    WriteSingle(writer, value);
                }

                break;
            case Tensor<double> t:
                foreach (var value in t.Span)
                {
                    if (double.IsFinite(value))
                    {
                        writer.WriteNumberValue(value);
                    }
                    else
                    {
                        WriteNonFinite(writer, double.IsNaN(value), value > 0);
                    }
                }

                break;
            case Tensor<Half> t:
                WriteHalves(writer, t.Span);
                break;
            case Tensor<BFloat16> t:
                foreach (var value in t.Span)
                {
                    WriteSingle(writer, value);
                }

                break;
            case Tensor<int> t:
                foreach (var value in t.Span)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case Tensor<long> t:
                foreach (var value in t.Span)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case Tensor<bool> t:
                foreach (var value in t.Span)
                {
                    writer.WriteBooleanValue(value);
                }

                break;
            case Tensor<string> t:
                foreach (var value in t.Span)
                {
                    writer.WriteStringValue(value);
                }

                break;
            default:
                WriteSmallIntegers(writer, tensor);
                break;
        }

        writer.WriteEndArray();
    }

    private static void WriteSmallIntegers(Utf8JsonWriter writer, Tensor tensor)
    {
        switch (tensor)
        {
            case Tensor<byte> t:
                foreach (var value in t.Span)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case Tensor<sbyte> t:
                foreach (var value in t.Span)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case Tensor<short> t:
                foreach (var value in t.Span)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case Tensor<ushort> t:
                foreach (var value in t.Span)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case Tensor<uint> t:
                foreach (var value in t.Span)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case Tensor<ulong> t:
                foreach (var value in t.Span)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            default:
                throw new ArgumentException($"Tensor element type {tensor.ElementType} cannot be written as JSON.", nameof(tensor));
        }
    }

    private static void WriteSingle(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteNonFinite(writer, float.IsNaN(value), value > 0);
        }
    }

    private static void WriteHalves(Utf8JsonWriter writer, ReadOnlySpan<Half> values)
    {
        // Half's own shortest round-trip text ("0.1", not float's "0.099975586"), written raw: it is always a valid JSON number.
        Span<byte> text = stackalloc byte[32];
        foreach (var value in values)
        {
            if (!Half.IsFinite(value))
            {
                WriteNonFinite(writer, Half.IsNaN(value), value > Half.Zero);
            }
            else if (value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture))
            {
                writer.WriteRawValue(text[..written], skipInputValidation: true);
            }
            else
            {
                writer.WriteNumberValue((float)value);
            }
        }
    }

    private static void WriteNonFinite(Utf8JsonWriter writer, bool isNaN, bool isPositive) =>
        writer.WriteStringValue(isNaN ? NaN : isPositive ? PositiveInfinity : NegativeInfinity);
}
