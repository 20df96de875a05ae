using System.Text.Json;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>
/// The <see cref="IJsonElementSink"/> of each element type: typed parsing of one JSON element into
/// a destination array, with messages that name the input and element. Floats accept the strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>; integers accept integral values written
/// with a fraction or exponent (<c>2.0</c>); booleans must be <c>true</c> or <c>false</c>; BYTES
/// elements must be strings.
/// </summary>
internal static class JsonElementSinks
{

    public readonly struct SByteSink(sbyte[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetSByte(out var value))
            {
                values[index] = value;
                return;
            }

            values[index] = (sbyte)JsonNumbers.ReadIntegerSlow(ref reader, input, index, "INT8", sbyte.MinValue, 128d);
        }
    }

    public readonly struct ByteSink(byte[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetByte(out var value))
            {
                values[index] = value;
                return;
            }

            values[index] = (byte)JsonNumbers.ReadIntegerSlow(ref reader, input, index, "UINT8", 0d, 256d);
        }
    }

    public readonly struct Int16Sink(short[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt16(out var value))
            {
                values[index] = value;
                return;
            }

            values[index] = (short)JsonNumbers.ReadIntegerSlow(ref reader, input, index, "INT16", short.MinValue, 32768d);
        }
    }

    public readonly struct UInt16Sink(ushort[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt16(out var value))
            {
                values[index] = value;
                return;
            }

            values[index] = (ushort)JsonNumbers.ReadIntegerSlow(ref reader, input, index, "UINT16", 0d, 65536d);
        }
    }

    public readonly struct Int32Sink(int[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
            {
                values[index] = value;
                return;
            }

            values[index] = (int)JsonNumbers.ReadIntegerSlow(ref reader, input, index, "INT32", int.MinValue, 2147483648d);
        }
    }

    public readonly struct UInt32Sink(uint[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var value))
            {
                values[index] = value;
                return;
            }

            values[index] = (uint)JsonNumbers.ReadIntegerSlow(ref reader, input, index, "UINT32", 0d, 4294967296d);
        }
    }

    public readonly struct Int64Sink(long[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
            {
                values[index] = value;
                return;
            }

            values[index] = (long)JsonNumbers.ReadIntegerSlow(ref reader, input, index, "INT64", long.MinValue, 9223372036854775808d);
        }
    }

    public readonly struct UInt64Sink(ulong[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var value))
            {
                values[index] = value;
                return;
            }

            values[index] = (ulong)JsonNumbers.ReadIntegerSlow(ref reader, input, index, "UINT64", 0d, 18446744073709551616d);
        }
    }

    public readonly struct SingleSink(float[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                values[index] = JsonNumbers.ReadNonFinite(ref reader, input, index, "FP32");
            }
            else if (reader.TryGetSingle(out var value) && float.IsFinite(value))
            {
                values[index] = value;
            }
            else
            {
                throw JsonElementErrors.OutOfRange(ref reader, input, index, "FP32");
            }
        }
    }

    public readonly struct DoubleSink(double[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                values[index] = JsonNumbers.ReadNonFinite(ref reader, input, index, "FP64");
            }
            else if (reader.TryGetDouble(out var value) && double.IsFinite(value))
            {
                values[index] = value;
            }
            else
            {
                throw JsonElementErrors.OutOfRange(ref reader, input, index, "FP64");
            }
        }
    }

    public readonly struct HalfSink(Half[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                values[index] = (Half)JsonNumbers.ReadNonFinite(ref reader, input, index, "FP16");
                return;
            }

            // Rounding from double, not float, so the decimal text is rounded once, to nearest.
            if (!reader.TryGetDouble(out var value) || !Half.IsFinite((Half)value))
            {
                throw JsonElementErrors.OutOfRange(ref reader, input, index, "FP16");
            }

            values[index] = (Half)value;
        }
    }

    public readonly struct BFloat16Sink(BFloat16[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                values[index] = (BFloat16)JsonNumbers.ReadNonFinite(ref reader, input, index, "BF16");
                return;
            }

            if (!reader.TryGetSingle(out var value) || !float.IsFinite((BFloat16)value))
            {
                throw JsonElementErrors.OutOfRange(ref reader, input, index, "BF16");
            }

            values[index] = (BFloat16)value;
        }
    }

    public readonly struct BooleanSink(bool[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            values[index] = reader.TokenType switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw JsonElementErrors.WrongToken(ref reader, input, index, "BOOL", "true or false"),
            };
        }
    }

    public readonly struct StringSink(string[] values, string input) : IJsonElementSink
    {
        public void Read(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw JsonElementErrors.WrongToken(ref reader, input, index, "BYTES", "a string");
            }

            values[index] = reader.GetString()!;
        }
    }
}
