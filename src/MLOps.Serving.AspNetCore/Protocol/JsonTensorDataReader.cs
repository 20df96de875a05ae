using System.Globalization;
using System.Text.Json;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>
/// Reads an input's JSON <c>data</c> array straight into a new typed tensor. The data is either flat
/// (row-major values) or arrays nested exactly as the shape, outermost dimension first.
/// </summary>
internal static class JsonTensorDataReader
{
    /// <summary>Reads the array the reader is positioned on; leaves the reader on its closing bracket.</summary>
    /// <param name="reader">A reader positioned on the <c>data</c> value.</param>
    /// <param name="elementType">The input's element type.</param>
    /// <param name="shape">The input's shape.</param>
    /// <param name="input">The input's name, for messages.</param>
    /// <param name="remainingBytes">The bytes left in the JSON; a shape whose element count cannot fit in them is rejected before anything is allocated.</param>
    /// <returns>A new tensor that owns its elements.</returns>
    /// <exception cref="ValidationException">The data is not an array, its element count or nesting does not match the shape, or an element does not fit the type.</exception>
    public static Tensor Read(ref Utf8JsonReader reader, TensorElementType elementType, TensorShape shape, string input, long remainingBytes)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ValidationException($"Input '{input}' data must be a JSON array; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        // Every element takes at least two bytes ("1,"), so a shape too large for the rest of the body
        // is wrong whatever the data; count the data for the message rather than allocate for it.
        var count = shape.ElementCount;
        if (count > (remainingBytes / 2) + 1)
        {
            throw CountMismatch(input, CountValues(reader), shape);
        }

        return elementType switch
        {
            TensorElementType.Float32 => Read(ref reader, new float[count], shape, input, static (v, i) => new JsonElementSinks.SingleSink(v, i)),
            TensorElementType.Float64 => Read(ref reader, new double[count], shape, input, static (v, i) => new JsonElementSinks.DoubleSink(v, i)),
            TensorElementType.Int32 => Read(ref reader, new int[count], shape, input, static (v, i) => new JsonElementSinks.Int32Sink(v, i)),
            TensorElementType.Int64 => Read(ref reader, new long[count], shape, input, static (v, i) => new JsonElementSinks.Int64Sink(v, i)),
            TensorElementType.Bool => Read(ref reader, new bool[count], shape, input, static (v, i) => new JsonElementSinks.BooleanSink(v, i)),
            TensorElementType.UInt8 => Read(ref reader, new byte[count], shape, input, static (v, i) => new JsonElementSinks.ByteSink(v, i)),
            TensorElementType.String => Read(ref reader, new string[count], shape, input, static (v, i) => new JsonElementSinks.StringSink(v, i)),
            TensorElementType.Float16 => Read(ref reader, new Half[count], shape, input, static (v, i) => new JsonElementSinks.HalfSink(v, i)),
            TensorElementType.Int8 => Read(ref reader, new sbyte[count], shape, input, static (v, i) => new JsonElementSinks.SByteSink(v, i)),
            TensorElementType.Int16 => Read(ref reader, new short[count], shape, input, static (v, i) => new JsonElementSinks.Int16Sink(v, i)),
            TensorElementType.UInt16 => Read(ref reader, new ushort[count], shape, input, static (v, i) => new JsonElementSinks.UInt16Sink(v, i)),
            TensorElementType.UInt32 => Read(ref reader, new uint[count], shape, input, static (v, i) => new JsonElementSinks.UInt32Sink(v, i)),
            TensorElementType.UInt64 => Read(ref reader, new ulong[count], shape, input, static (v, i) => new JsonElementSinks.UInt64Sink(v, i)),
            TensorElementType.BFloat16 => Read(ref reader, new BFloat16[count], shape, input, static (v, i) => new JsonElementSinks.BFloat16Sink(v, i)),
            _ => throw new ArgumentOutOfRangeException(nameof(elementType), elementType, $"{(int)elementType} is not a defined {nameof(TensorElementType)}."),
        };
    }

    private static Tensor<T> Read<T, TSink>(ref Utf8JsonReader reader, T[] values, TensorShape shape, string input, Func<T[], string, TSink> createSink)
        where TSink : struct, IJsonElementSink
    {
        var sink = createSink(values, input);
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            ReadNested(ref reader, ref sink, shape, input);
        }
        else
        {
            ReadFlat(ref reader, ref sink, shape, input);
        }

        return Tensor.Create(values, shape);
    }

    private static void ReadFlat<TSink>(ref Utf8JsonReader reader, ref TSink sink, TensorShape shape, string input)
        where TSink : struct, IJsonElementSink
    {
        var count = shape.ElementCount;
        var written = 0;
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                throw new ValidationException(
                    $"Input '{input}' data mixes values and arrays (an array at element {written.ToString(CultureInfo.InvariantCulture)}); send flat row-major values or arrays nested exactly as shape {shape}.");
            }

            if (written == count)
            {
                throw CountMismatch(input, written + CountRest(ref reader), shape);
            }

            sink.Read(ref reader, written++);
            reader.Read();
        }

        if (written != count)
        {
            throw CountMismatch(input, written, shape);
        }
    }

    private static void ReadNested<TSink>(ref Utf8JsonReader reader, ref TSink sink, TensorShape shape, string input)
        where TSink : struct, IJsonElementSink
    {
        var dimensions = shape.Dimensions;
        var rank = dimensions.Length;
        if (rank == 0)
        {
            throw new ValidationException($"Input '{input}' is a scalar (shape []), so its data must be one value in a flat array such as [5], not nested arrays.");
        }

        // items[d] counts the entries seen so far in the open array of dimension d; depth is the number of open arrays.
        Span<int> items = stackalloc int[InferenceProtocol.MaxRank];
        var depth = 1;
        var written = 0;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    if (depth == rank)
                    {
                        throw NestingMismatch(input, shape, $"an array at element {written.ToString(CultureInfo.InvariantCulture)} is nested deeper than rank {rank.ToString(CultureInfo.InvariantCulture)}");
                    }

                    CountItem(items, depth - 1, dimensions, input, shape);
                    items[depth++] = 0;
                    break;
                case JsonTokenType.EndArray:
                    var dimension = depth - 1;
                    if (items[dimension] != dimensions[dimension])
                    {
                        throw NestingMismatch(input, shape, $"an array for dimension {dimension.ToString(CultureInfo.InvariantCulture)} has {items[dimension].ToString(CultureInfo.InvariantCulture)} items, not {dimensions[dimension].ToString(CultureInfo.InvariantCulture)}");
                    }

                    if (--depth == 0)
                    {
                        return;
                    }

                    break;
                default:
                    if (depth != rank)
                    {
                        throw NestingMismatch(input, shape, $"element {written.ToString(CultureInfo.InvariantCulture)} is a value where dimension {(depth - 1).ToString(CultureInfo.InvariantCulture)} needs arrays");
                    }

                    CountItem(items, depth - 1, dimensions, input, shape);
                    sink.Read(ref reader, written++);
                    break;
            }

            reader.Read();
        }
    }

    private static void CountItem(Span<int> items, int dimension, ReadOnlySpan<int> dimensions, string input, TensorShape shape)
    {
        if (++items[dimension] > dimensions[dimension])
        {
            throw NestingMismatch(input, shape, $"an array for dimension {dimension.ToString(CultureInfo.InvariantCulture)} has more than {dimensions[dimension].ToString(CultureInfo.InvariantCulture)} items");
        }
    }

    /// <summary>Counts the values from the current token to the end of the enclosing array, leaving the reader on its closing bracket.</summary>
    private static int CountRest(ref Utf8JsonReader reader)
    {
        var count = 0;
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            reader.Skip();
            reader.Read();
        }

        return count;
    }

    /// <summary>Counts the scalar values anywhere inside the array a copy of the reader is positioned on.</summary>
    private static long CountValues(Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        long count = 0;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.EndArray))
            {
                count++;
                reader.Skip();
            }
        }

        return count;
    }

    private static ValidationException CountMismatch(string input, long count, TensorShape shape) =>
        new($"Input '{input}' has {count.ToString(CultureInfo.InvariantCulture)} data elements but its shape {shape} needs {shape.ElementCount.ToString(CultureInfo.InvariantCulture)}.");

    private static ValidationException NestingMismatch(string input, TensorShape shape, string problem) =>
        new($"Input '{input}' nested data does not match its shape {shape}: {problem}.");
}
