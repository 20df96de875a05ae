namespace MLOps.Tensors;

/// <summary>
/// A dense, row-major tensor: an element type, a <see cref="TensorShape"/> and one contiguous block
/// of elements. The exchange format between callers, the dynamic batcher, inference engines and the
/// Open Inference Protocol endpoints. Typed access is through <see cref="Tensor{T}"/>; this base
/// class lets code that handles tensors of any element type (a batcher, a wire codec) work without
/// knowing <c>T</c>.
/// </summary>
/// <remarks>
/// Factories that take an array or a <see cref="Memory{T}"/> wrap it without copying, and
/// <see cref="Reshape(TensorShape)"/> and <see cref="Slice(int, int)"/> return views over the same
/// elements, so a write through one is seen by all. The element type and shape never change; the
/// elements are not synchronized, so concurrent writers need their own locking.
/// </remarks>
public abstract class Tensor
{
    private protected Tensor(TensorElementType elementType, TensorShape shape)
    {
        ElementType = elementType;
        Shape = shape;
    }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The dimensions.</summary>
    public TensorShape Shape { get; }

    /// <summary>The number of dimensions; 0 for a scalar.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The number of elements.</summary>
    public int ElementCount => Shape.ElementCount;

    /// <summary>Wraps an array as a tensor without copying it.</summary>
    /// <typeparam name="T">A supported element type: see <see cref="TensorElementTypeExtensions.GetClrType"/>.</typeparam>
    /// <param name="data">The elements in row-major order; later writes to the array are visible through the tensor.</param>
    /// <param name="shape">The dimension sizes; none for a scalar.</param>
    /// <returns>A tensor over <paramref name="data"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ValidationException">The shape is invalid, its element count differs from the array length, or <typeparamref name="T"/> is not supported.</exception>
    public static Tensor<T> Create<T>(T[] data, params ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromMemory<T>(data, new TensorShape(shape));
    }

    /// <summary>Wraps an array as a tensor without copying it.</summary>
    /// <typeparam name="T">A supported element type: see <see cref="TensorElementTypeExtensions.GetClrType"/>.</typeparam>
    /// <param name="data">The elements in row-major order; later writes to the array are visible through the tensor.</param>
    /// <param name="shape">The shape.</param>
    /// <returns>A tensor over <paramref name="data"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ValidationException">The shape's element count differs from the array length, or <typeparamref name="T"/> is not supported.</exception>
    public static Tensor<T> Create<T>(T[] data, TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromMemory<T>(data, shape);
    }

    /// <summary>Wraps a block of memory (an array segment, a pooled buffer) as a tensor without copying it.</summary>
    /// <typeparam name="T">A supported element type: see <see cref="TensorElementTypeExtensions.GetClrType"/>.</typeparam>
    /// <param name="data">Exactly <see cref="TensorShape.ElementCount"/> elements in row-major order.</param>
    /// <param name="shape">The shape.</param>
    /// <returns>A tensor over <paramref name="data"/>.</returns>
    /// <exception cref="ValidationException">The memory length differs from the shape's element count, or <typeparamref name="T"/> is not supported.</exception>
    public static Tensor<T> FromMemory<T>(Memory<T> data, TensorShape shape)
    {
        if (data.Length != shape.ElementCount)
        {
            throw new ValidationException($"Tensor data has {data.Length} elements but shape {shape} needs {shape.ElementCount}.");
        }

        return new Tensor<T>(data, shape);
    }

    /// <summary>Allocates a tensor whose elements are zero, false, or (for strings) empty.</summary>
    /// <typeparam name="T">A supported element type: see <see cref="TensorElementTypeExtensions.GetClrType"/>.</typeparam>
    /// <param name="shape">The shape.</param>
    /// <returns>A new tensor that owns a new array.</returns>
    /// <exception cref="ValidationException"><typeparamref name="T"/> is not supported.</exception>
    public static Tensor<T> Zeros<T>(TensorShape shape)
    {
        // Check the element type before allocating a possibly large array for nothing.
        Tensor<T>.EnsureSupported();
        var data = new T[shape.ElementCount];
        if (typeof(T) == typeof(string))
        {
            // Strings default to null, which no wire format can carry; empty is their zero.
            ((string[])(object)data).AsSpan().Fill(string.Empty);
        }

        return new Tensor<T>(data, shape);
    }

    /// <summary>Allocates a tensor whose elements are zero, false, or (for strings) empty.</summary>
    /// <typeparam name="T">A supported element type: see <see cref="TensorElementTypeExtensions.GetClrType"/>.</typeparam>
    /// <param name="shape">The dimension sizes; none for a scalar.</param>
    /// <returns>A new tensor that owns a new array.</returns>
    /// <exception cref="ValidationException">The shape is invalid or <typeparamref name="T"/> is not supported.</exception>
    public static Tensor<T> Zeros<T>(params ReadOnlySpan<int> shape) => Zeros<T>(new TensorShape(shape));

    /// <summary>Allocates a tensor of a runtime-chosen element type whose elements are zero, false or empty.</summary>
    /// <param name="elementType">The element type.</param>
    /// <param name="shape">The shape.</param>
    /// <returns>A new <see cref="Tensor{T}"/> of the matching CLR type.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementType"/> is not a defined value.</exception>
    public static Tensor Zeros(TensorElementType elementType, TensorShape shape) => elementType switch
    {
        TensorElementType.Float32 => Zeros<float>(shape),
        TensorElementType.Float64 => Zeros<double>(shape),
        TensorElementType.Int32 => Zeros<int>(shape),
        TensorElementType.Int64 => Zeros<long>(shape),
        TensorElementType.Bool => Zeros<bool>(shape),
        TensorElementType.UInt8 => Zeros<byte>(shape),
        TensorElementType.String => Zeros<string>(shape),
        TensorElementType.Float16 => Zeros<Half>(shape),
        TensorElementType.Int8 => Zeros<sbyte>(shape),
        TensorElementType.Int16 => Zeros<short>(shape),
        TensorElementType.UInt16 => Zeros<ushort>(shape),
        TensorElementType.UInt32 => Zeros<uint>(shape),
        TensorElementType.UInt64 => Zeros<ulong>(shape),
        TensorElementType.BFloat16 => Zeros<BFloat16>(shape),
        _ => throw new ArgumentOutOfRangeException(nameof(elementType), elementType, $"{(int)elementType} is not a defined {nameof(TensorElementType)}."),
    };

    /// <summary>Creates a rank-0 tensor holding one value.</summary>
    /// <typeparam name="T">A supported element type: see <see cref="TensorElementTypeExtensions.GetClrType"/>.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>A new scalar tensor.</returns>
    /// <exception cref="ValidationException"><typeparamref name="T"/> is not supported.</exception>
    public static Tensor<T> Scalar<T>(T value) => new(new T[] { value }, TensorShape.Scalar);

    /// <summary>
    /// Creates a tensor by copying little-endian raw bytes, as carried by the binary extension of the
    /// Open Inference Protocol. Booleans must be bytes 0 or 1.
    /// </summary>
    /// <param name="elementType">A fixed-size element type.</param>
    /// <param name="bytes">Exactly <c>ElementCount × element size</c> bytes.</param>
    /// <param name="shape">The shape.</param>
    /// <returns>A new tensor that owns a copy of the bytes.</returns>
    /// <exception cref="ValidationException">The element type is <see cref="TensorElementType.String"/>, the byte count does not match the shape, or a boolean byte is neither 0 nor 1 (the message names the element).</exception>
    public static Tensor FromBytes(TensorElementType elementType, ReadOnlySpan<byte> bytes, TensorShape shape)
    {
        if (!elementType.HasFixedSize())
        {
            throw new ValidationException($"{elementType.ToDatatypeName()} tensors cannot be read from raw bytes; their elements vary in size.");
        }

        var needed = (long)shape.ElementCount * elementType.GetElementSize();
        if (bytes.Length != needed)
        {
            throw new ValidationException(
                $"Tensor data has {bytes.Length} bytes but {elementType.ToDatatypeName()} shape {shape} needs {needed}.");
        }

        if (elementType == TensorElementType.Bool)
        {
            var bad = bytes.IndexOfAnyExcept((byte)0, (byte)1);
            if (bad >= 0)
            {
                throw new ValidationException($"BOOL tensor element {bad} is byte {bytes[bad]}; booleans must be 0 or 1.");
            }
        }

        var tensor = Zeros(elementType, shape);
        bytes.CopyTo(tensor.AsBytes());
        return tensor;
    }

    /// <summary>Joins tensors along dimension 0 into a new tensor, for example request inputs into one batch.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="tensors">At least one tensor of rank 1 or more; all sizes but the outermost must agree.</param>
    /// <returns>A new tensor that owns a copy of the elements, even when only one tensor is given.</returns>
    /// <exception cref="ArgumentNullException">The list or one of its tensors is null.</exception>
    /// <exception cref="ValidationException">The list is empty, a tensor is a scalar, or ranks or trailing sizes differ; the message names the tensor index and dimension.</exception>
    public static Tensor<T> Concat<T>(IReadOnlyList<Tensor<T>> tensors) => TensorConcatenation.Concat(tensors);

    /// <summary>Joins tensors of one runtime-chosen element type along dimension 0 into a new tensor.</summary>
    /// <param name="tensors">At least one tensor of rank 1 or more, all of the same element type; all sizes but the outermost must agree.</param>
    /// <returns>A new <see cref="Tensor{T}"/> of the shared element type.</returns>
    /// <exception cref="ArgumentNullException">The list or one of its tensors is null.</exception>
    /// <exception cref="ValidationException">The list is empty, element types differ, a tensor is a scalar, or ranks or trailing sizes differ; the message names the tensor index.</exception>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors) => TensorConcatenation.ConcatUntyped(tensors);

    /// <summary>The position of an element in the row-major storage.</summary>
    /// <param name="indices">One index per dimension, outermost first; none for a scalar.</param>
    /// <returns>The offset into <see cref="Tensor{T}.Memory"/>.</returns>
    /// <exception cref="ValidationException">The number of indices differs from the rank, or an index is out of range; the message names the dimension.</exception>
    public int GetOffset(params ReadOnlySpan<int> indices)
    {
        if (indices.Length != Rank)
        {
            throw new ValidationException($"A tensor of shape {Shape} takes {Rank} indices; got {indices.Length}.");
        }

        var dimensions = Shape.Dimensions;
        var offset = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)dimensions[i])
            {
                throw new ValidationException(
                    $"Index {indices[i]} is out of range for dimension {i} of tensor shape {Shape}, whose size is {dimensions[i]}.");
            }

            offset = (offset * dimensions[i]) + indices[i];
        }

        return offset;
    }

    /// <summary>A view of the same elements with another shape of the same element count; nothing is copied.</summary>
    /// <param name="shape">The new shape.</param>
    /// <returns>A tensor sharing this tensor's storage.</returns>
    /// <exception cref="ValidationException">The element counts differ.</exception>
    public abstract Tensor Reshape(TensorShape shape);

    /// <summary>A view of <paramref name="count"/> rows along dimension 0 starting at <paramref name="start"/>; nothing is copied.</summary>
    /// <param name="start">The first row.</param>
    /// <param name="count">The number of rows; may be zero.</param>
    /// <returns>A tensor of shape <c>[count, …trailing sizes]</c> sharing this tensor's storage.</returns>
    /// <exception cref="ValidationException">The tensor is a scalar, or the rows fall outside dimension 0.</exception>
    public abstract Tensor Slice(int start, int count);

    /// <summary>
    /// The elements as raw bytes in machine order (little-endian on every platform .NET supports
    /// here), for the binary wire format; writes go to the tensor. Booleans are one byte each.
    /// </summary>
    /// <returns>A byte view over the storage.</returns>
    /// <exception cref="ValidationException">The tensor holds strings, which have no fixed size.</exception>
    public abstract Span<byte> AsBytes();

    /// <summary>The element type and shape, such as <c>Float32 [2, 3]</c>, for messages and logs.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{ElementType} {Shape}";
}
