using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>
/// Reads tensors from the binary tensor data that follows a request's JSON header: little-endian,
/// row-major, booleans one byte (0 or 1), BYTES elements each a 4-byte little-endian length followed
/// by that many bytes of UTF-8.
/// </summary>
internal static class BinaryTensorReader
{
    /// <summary>The bytes a fixed-size tensor takes, or -1 for BYTES, whose size depends on its elements.</summary>
    public static long ExpectedSize(TensorElementType elementType, TensorShape shape) =>
        elementType.HasFixedSize() ? (long)shape.ElementCount * elementType.GetElementSize() : -1;

    /// <summary>Reads one input's bytes, exactly <c>binary_data_size</c> of them, into a new tensor.</summary>
    /// <param name="data">The input's bytes.</param>
    /// <param name="input">The input, for its type, shape and name.</param>
    /// <returns>A new tensor that owns a copy of the data.</returns>
    /// <exception cref="ValidationException">A boolean byte is neither 0 nor 1, or BYTES elements do not fill the data exactly or are not UTF-8.</exception>
    public static Tensor Read(ReadOnlySequence<byte> data, PendingBinaryInput input)
    {
        if (input.ElementType == TensorElementType.String)
        {
            return ReadStrings(data, input);
        }

        // The caller has checked the size against the shape, so this cannot be a huge allocation for a small body.
        var tensor = Tensor.Zeros(input.ElementType, input.Shape);
        var bytes = tensor.AsBytes();
        data.CopyTo(bytes);
        if (input.ElementType == TensorElementType.Bool)
        {
            var bad = bytes.IndexOfAnyExcept((byte)0, (byte)1);
            if (bad >= 0)
            {
                throw new ValidationException(
                    $"Input '{input.Name}' element {bad.ToString(CultureInfo.InvariantCulture)} is byte {bytes[bad].ToString(CultureInfo.InvariantCulture)}; BOOL binary data must be 0 or 1.");
            }
        }

        return tensor;
    }

    private static Tensor<string> ReadStrings(ReadOnlySequence<byte> data, PendingBinaryInput input)
    {
        var count = input.Shape.ElementCount;
        if ((long)count * sizeof(int) > data.Length)
        {
            throw new ValidationException(
                $"Input '{input.Name}' binary_data_size is {data.Length.ToString(CultureInfo.InvariantCulture)}, too small for {count.ToString(CultureInfo.InvariantCulture)} BYTES elements of shape {input.Shape}, which need a 4-byte length each.");
        }

        var values = new string[count];
        var reader = new SequenceReader<byte>(data);
        for (var i = 0; i < values.Length; i++)
        {
            if (!reader.TryReadLittleEndian(out int length) || length < 0 || length > reader.Remaining)
            {
                throw new ValidationException(
                    $"Input '{input.Name}' BYTES element {i.ToString(CultureInfo.InvariantCulture)} runs past the end of its {data.Length.ToString(CultureInfo.InvariantCulture)} bytes of binary data.");
            }

            values[i] = Decode(reader.UnreadSequence.Slice(0, length), input.Name, i);
            reader.Advance(length);
        }

        if (!reader.End)
        {
            throw new ValidationException(
                $"Input '{input.Name}' binary_data_size is {data.Length.ToString(CultureInfo.InvariantCulture)} but its {count.ToString(CultureInfo.InvariantCulture)} BYTES elements take {reader.Consumed.ToString(CultureInfo.InvariantCulture)}.");
        }

        return Tensor.Create(values, input.Shape);
    }

    private static string Decode(ReadOnlySequence<byte> bytes, string input, int index)
    {
        var span = bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
        if (!Utf8.IsValid(span))
        {
            throw new ValidationException(
                $"Input '{input}' BYTES element {index.ToString(CultureInfo.InvariantCulture)} is not valid UTF-8; BYTES tensors here carry text.");
        }

        return Encoding.UTF8.GetString(span);
    }
}
