using System.Buffers;
using MLOps.Serving.Graph;
using MLOps.Tensors;

namespace MLOps.Serving.Execution;

/// <summary>Moves data between the exchange <see cref="Tensor"/> and engine storage without allocating.</summary>
internal static unsafe class TensorBinding
{
    public static MemoryHandle Pin(Tensor tensor) => tensor switch
    {
        Tensor<float> t => t.Memory.Pin(),
        Tensor<double> t => t.Memory.Pin(),
        Tensor<int> t => t.Memory.Pin(),
        Tensor<long> t => t.Memory.Pin(),
        Tensor<bool> t => t.Memory.Pin(),
        Tensor<byte> t => t.Memory.Pin(),
        Tensor<Half> t => t.Memory.Pin(),
        Tensor<sbyte> t => t.Memory.Pin(),
        Tensor<short> t => t.Memory.Pin(),
        Tensor<ushort> t => t.Memory.Pin(),
        Tensor<uint> t => t.Memory.Pin(),
        Tensor<ulong> t => t.Memory.Pin(),
        Tensor<BFloat16> t => t.Memory.Pin(),
        _ => default,
    };

    public static ReadOnlySpan<string> Strings(Tensor tensor) => ((Tensor<string>)tensor).Span;

    /// <summary>Copies engine storage into a tensor of the same element type and element count.</summary>
    public static void CopyTo(byte* source, string[]? strings, Tensor destination)
    {
        if (destination.ElementType == TensorElementType.String)
        {
            strings.AsSpan(0, destination.ElementCount).CopyTo(((Tensor<string>)destination).Span);
            return;
        }

        var bytes = destination.AsBytes();
        new ReadOnlySpan<byte>(source, bytes.Length).CopyTo(bytes);
    }

    /// <summary>Copies a tensor into new engine storage (the evaluation path).</summary>
    public static TensorData ToTensorData(Tensor tensor)
    {
        var type = DataTypes.FromPublic(tensor.ElementType);
        var shape = tensor.Shape.ToArray();
        if (type == DataType.String)
        {
            return TensorData.FromStrings(Strings(tensor).ToArray(), shape);
        }

        var data = TensorData.Allocate(type, shape);
        tensor.AsBytes().CopyTo(data.Bytes);
        return data;
    }

    /// <summary>Copies engine storage into a new tensor; fails for element types the exchange type cannot carry.</summary>
    public static Tensor ToTensor(TensorData data, string name)
    {
        var elementType = DataTypes.ToPublic(data.Type)
            ?? throw new ValidationException($"Output '{name}' is {DataTypes.Name(data.Type)}, which MLOps.Tensors.Tensor cannot carry.");
        var tensor = Tensor.Zeros(elementType, new TensorShape(data.Shape));
        CopyTo(data.Pointer, data.Strings, tensor);
        return tensor;
    }
}
