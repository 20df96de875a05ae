using System.Globalization;
using System.Text.Json;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>
/// Reads one object of a request's <c>inputs</c> array: <c>name</c>, <c>shape</c>, <c>datatype</c>,
/// <c>parameters</c> and <c>data</c>, in any order, checked against the model's signature. When
/// <c>data</c> comes before the fields that say how to read it, it is skipped and read afterwards
/// from a saved copy of the reader, so the usual order costs one pass.
/// </summary>
internal static class RequestInputReader
{
    /// <summary>Reads the input object the reader is positioned on; leaves the reader on its closing brace.</summary>
    /// <param name="reader">A reader positioned on the input's start.</param>
    /// <param name="owner">The signature's reader, for input names.</param>
    /// <param name="ordinal">The input's position in the request, for messages about inputs without a name.</param>
    /// <param name="jsonLength">The length of the JSON header, to bound allocations by what the body can hold.</param>
    /// <returns>The input's tensor, or what to read from the binary section.</returns>
    /// <exception cref="ValidationException">The input is malformed or does not match the signature; the message names it.</exception>
    public static RequestInput Read(ref Utf8JsonReader reader, InferRequestReader owner, int ordinal, long jsonLength)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ValidationException($"Request inputs[{Ordinal(ordinal)}] must be a JSON object; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        var lookahead = reader;
        var index = FindName(ref lookahead, owner, ordinal);
        var signature = owner.Signature.Inputs[index];
        var name = signature.Name;

        Span<int> dimensions = stackalloc int[InferenceProtocol.MaxRank];
        TensorShape? shape = null;
        TensorElementType? elementType = null;
        long binarySize = -1;
        var hasData = false;
        var deferredData = default(Utf8JsonReader);
        Tensor? tensor = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                elementType = ReadDatatype(ref reader, signature);
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                var rank = ReadShape(ref reader, dimensions, name);
                CheckShape(signature, dimensions[..rank]);
                shape = Shape(dimensions[..rank], name);
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                binarySize = ReadParameters(ref reader, name);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                hasData = true;
                if (elementType is { } type && shape is { } known)
                {
                    tensor = JsonTensorDataReader.Read(ref reader, type, known, name, jsonLength - reader.BytesConsumed);
                }
                else
                {
                    deferredData = reader;
                    reader.Skip();
                }
            }
            else
            {
                // "name" (already resolved by the lookahead) and any field this server does not use.
                reader.Read();
                reader.Skip();
            }
        }

        if (elementType is not { } elementTypeValue)
        {
            throw new ValidationException($"Input '{name}' has no datatype.");
        }

        if (shape is not { } shapeValue)
        {
            throw new ValidationException($"Input '{name}' has no shape.");
        }

        if (binarySize >= 0)
        {
            return new(index, null, Binary(name, index, elementTypeValue, shapeValue, binarySize, hasData));
        }

        if (!hasData)
        {
            throw new ValidationException($"Input '{name}' has neither data nor parameters.binary_data_size.");
        }

        tensor ??= JsonTensorDataReader.Read(ref deferredData, elementTypeValue, shapeValue, name, jsonLength - deferredData.BytesConsumed);
        return new(index, tensor, default);
    }

    /// <summary>Finds and resolves the input's name on a copy of the reader, so every later message can name the input.</summary>
    private static int FindName(ref Utf8JsonReader reader, InferRequestReader owner, int ordinal)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            reader.Read();
            if (isName)
            {
                return owner.ResolveInput(ref reader, ordinal);
            }

            reader.Skip();
        }

        throw new ValidationException($"Request inputs[{Ordinal(ordinal)}] has no name.");
    }

    private static TensorElementType ReadDatatype(ref Utf8JsonReader reader, TensorSignature signature)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ValidationException($"Input '{signature.Name}' datatype must be a string such as \"FP32\"; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        if (DatatypeNames.Parse(ref reader) is not { } elementType)
        {
            throw new ValidationException(
                $"Input '{signature.Name}' has unknown datatype '{reader.GetString()}'; expected one of {string.Join(", ", Enum.GetValues<TensorElementType>().Select(t => t.ToDatatypeName()))}.");
        }

        if (signature.ElementType is { } expected)
        {
            if (expected != elementType)
            {
                throw new ValidationException(
                    $"Input '{signature.Name}' has datatype {elementType.ToDatatypeName()} but the model expects {expected.ToDatatypeName()}.");
            }
        }
        else if (signature.OnnxDataType != 0)
        {
            throw new ValidationException(
                $"Input '{signature.Name}' is of ONNX type {signature.OnnxDataType.ToString(CultureInfo.InvariantCulture)}, which the inference protocol cannot carry.");
        }

        return elementType;
    }

    private static int ReadShape(ref Utf8JsonReader reader, scoped Span<int> dimensions, string name)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ValidationException($"Input '{name}' shape must be an array of sizes such as [1, 4]; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        var rank = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var size) || size < 0)
            {
                var text = reader.TokenType == JsonTokenType.Number ? JsonElementErrors.RawText(ref reader) : JsonElementErrors.Describe(reader.TokenType);
                throw new ValidationException(
                    $"Input '{name}' shape must hold non-negative integer sizes; dimension {rank.ToString(CultureInfo.InvariantCulture)} is {text}.");
            }

            if (rank == dimensions.Length)
            {
                throw new ValidationException($"Input '{name}' shape has more than {dimensions.Length.ToString(CultureInfo.InvariantCulture)} dimensions.");
            }

            dimensions[rank++] = size;
        }

        return rank;
    }

    private static void CheckShape(TensorSignature signature, ReadOnlySpan<int> shape)
    {
        if (signature.Dimensions is not { } expected)
        {
            return;
        }

        if (shape.Length != expected.Count)
        {
            throw new ValidationException(
                $"Input '{signature.Name}' has shape {Format(shape)} (rank {shape.Length.ToString(CultureInfo.InvariantCulture)}) but the model expects rank {expected.Count.ToString(CultureInfo.InvariantCulture)}: [{string.Join(", ", expected)}].");
        }

        for (var d = 0; d < shape.Length; d++)
        {
            if (expected[d].Size is { } size && size != shape[d])
            {
                throw new ValidationException(
                    $"Input '{signature.Name}' has shape {Format(shape)} but the model expects [{string.Join(", ", expected)}]: dimension {d.ToString(CultureInfo.InvariantCulture)} must be {size.ToString(CultureInfo.InvariantCulture)}.");
            }
        }
    }

    private static long ReadParameters(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ValidationException($"Input '{name}' parameters must be a JSON object; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        long binarySize = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isBinarySize = reader.ValueTextEquals("binary_data_size"u8);
            reader.Read();
            if (!isBinarySize)
            {
                reader.Skip();
            }
            else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out binarySize) || binarySize < 0)
            {
                throw new ValidationException($"Input '{name}' binary_data_size must be a non-negative integer.");
            }
        }

        return binarySize;
    }

    private static PendingBinaryInput Binary(string name, int index, TensorElementType elementType, TensorShape shape, long size, bool hasData)
    {
        if (hasData)
        {
            throw new ValidationException($"Input '{name}' has both data and parameters.binary_data_size; send one or the other.");
        }

        var expected = BinaryTensorReader.ExpectedSize(elementType, shape);
        if (expected >= 0 && expected != size)
        {
            throw new ValidationException(
                $"Input '{name}' binary_data_size is {size.ToString(CultureInfo.InvariantCulture)} but {elementType.ToDatatypeName()} shape {shape} needs {expected.ToString(CultureInfo.InvariantCulture)} bytes.");
        }

        return new(index, name, elementType, shape, size);
    }

    private static TensorShape Shape(ReadOnlySpan<int> dimensions, string name)
    {
        try
        {
            return new TensorShape(dimensions);
        }
        catch (ValidationException e)
        {
            throw new ValidationException($"Input '{name}': {e.Message}", e);
        }
    }

    private static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    private static string Ordinal(int ordinal) => ordinal.ToString(CultureInfo.InvariantCulture);
}
