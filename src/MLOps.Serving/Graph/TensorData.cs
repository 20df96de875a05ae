using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLOps.Serving.Graph;

/// <summary>
/// A dense tensor owned by the engine: initializers, folded constants and values computed outside a
/// memory plan. Fixed-size elements live in one pinned byte array so kernels can address them by
/// pointer; strings live in a string array.
/// </summary>
internal sealed unsafe class TensorData
{
    private TensorData(DataType type, int[] shape, int length, byte[]? bytes, string[]? strings)
    {
        Type = type;
        Shape = shape;
        Length = length;
        Bytes = bytes;
        Strings = strings;
    }

    public DataType Type { get; }

    public int[] Shape { get; }

    public int Length { get; }

    /// <summary>The pinned element bytes; null for strings.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The elements of a string tensor; null otherwise.</summary>
    public string[]? Strings { get; }

    public byte* Pointer => Bytes is null ? null : (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Bytes));

    public static TensorData Allocate(DataType type, int[] shape)
    {
        var length = ShapeMath.ElementCount(shape);
        if (type == DataType.String)
        {
            var strings = new string[length];
            strings.AsSpan().Fill(string.Empty);
            return new TensorData(type, shape, length, null, strings);
        }

        var bytes = GC.AllocateArray<byte>(checked(length * DataTypes.SizeOf(type)), pinned: true);
        return new TensorData(type, shape, length, bytes, null);
    }

    /// <summary>Allocates without zeroing, for data about to be overwritten entirely.</summary>
    public static TensorData AllocateUninitialized(DataType type, int[] shape)
    {
        if (type == DataType.String)
        {
            return Allocate(type, shape);
        }

        var length = ShapeMath.ElementCount(shape);
        var bytes = GC.AllocateUninitializedArray<byte>(checked(length * DataTypes.SizeOf(type)), pinned: true);
        return new TensorData(type, shape, length, bytes, null);
    }

    public static TensorData FromSpan<T>(DataType type, ReadOnlySpan<T> values, int[] shape)
        where T : unmanaged
    {
        var data = Allocate(type, shape);
        if (values.Length != data.Length)
        {
            throw new ValidationException($"A {DataTypes.Name(type)} tensor of shape {ShapeMath.Format(shape)} needs {data.Length} elements; got {values.Length}.");
        }

        values.CopyTo(data.Span<T>());
        return data;
    }

    public static TensorData FromStrings(string[] values, int[] shape)
    {
        var length = ShapeMath.ElementCount(shape);
        if (values.Length != length)
        {
            throw new ValidationException($"A string tensor of shape {ShapeMath.Format(shape)} needs {length} elements; got {values.Length}.");
        }

        return new TensorData(DataType.String, shape, length, null, values);
    }

    public static TensorData Scalar<T>(DataType type, T value)
        where T : unmanaged => FromSpan(type, new ReadOnlySpan<T>(in value), []);

    public Span<T> Span<T>()
        where T : unmanaged => Bytes is null ? default : MemoryMarshal.Cast<byte, T>(Bytes.AsSpan());

    /// <summary>A view of the same elements with another shape.</summary>
    public TensorData WithShape(int[] shape) => new(Type, shape, Length, Bytes, Strings);

    /// <summary>Reads an integer tensor (any integer type) as 64-bit values.</summary>
    public long[] ToInt64Array()
    {
        var result = new long[Length];
        for (var i = 0; i < Length; i++)
        {
            result[i] = GetInt64(i);
        }

        return result;
    }

    public long GetInt64(int index) => Type switch
    {
        DataType.Int64 => Span<long>()[index],
        DataType.Int32 => Span<int>()[index],
        DataType.Int16 => Span<short>()[index],
        DataType.Int8 => Span<sbyte>()[index],
        DataType.UInt8 => Span<byte>()[index],
        DataType.UInt16 => Span<ushort>()[index],
        DataType.UInt32 => Span<uint>()[index],
        DataType.UInt64 => (long)Span<ulong>()[index],
        DataType.Bool => Span<byte>()[index],
        _ => throw new ValidationException($"A {DataTypes.Name(Type)} tensor cannot be read as integers."),
    };

    public double GetDouble(int index) => Type switch
    {
        DataType.Float => Span<float>()[index],
        DataType.Double => Span<double>()[index],
        DataType.Float16 => (double)Span<Half>()[index],
        _ => GetInt64(index),
    };
}
