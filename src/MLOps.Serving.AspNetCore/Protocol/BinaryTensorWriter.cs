using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>
/// Writes tensors as Open Inference Protocol binary tensor data: raw little-endian elements,
/// booleans one byte each, BYTES elements each a 4-byte little-endian length and UTF-8 bytes.
/// </summary>
internal static class BinaryTensorWriter
{
    /// <summary>The number of bytes <see cref="Write"/> appends for a tensor: its <c>binary_data_size</c>.</summary>
    public static long GetSize(Tensor tensor)
    {
        if (tensor is not Tensor<string> strings)
        {
            return (long)tensor.ElementCount * tensor.ElementType.GetElementSize();
        }

        long size = 0;
        foreach (var value in strings.Span)
        {
            size += sizeof(int) + Encoding.UTF8.GetByteCount(value);
        }

        return size;
    }

    /// <summary>Appends the tensor's binary data.</summary>
    public static void Write(IBufferWriter<byte> destination, Tensor tensor)
    {
        if (tensor is not Tensor<string> strings)
        {
            destination.Write(tensor.AsBytes());
            return;
        }

        foreach (var value in strings.Span)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            var span = destination.GetSpan(sizeof(int) + length);
            BinaryPrimitives.WriteInt32LittleEndian(span, length);
            Encoding.UTF8.GetBytes(value, span[sizeof(int)..]);
            destination.Advance(sizeof(int) + length);
        }
    }
}
