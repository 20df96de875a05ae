using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLOps.Tensors;

/// <summary>
/// A dense, row-major tensor of elements of type <typeparamref name="T"/>, stored in one
/// <see cref="Memory{T}"/>. Create one with the factories on <see cref="Tensor"/>
/// (<see cref="Tensor.Create{T}(T[], ReadOnlySpan{int})"/>, <see cref="Tensor.FromMemory{T}"/>,
/// <see cref="Tensor.Zeros{T}(TensorShape)"/>, <see cref="Tensor.Scalar{T}"/>).
/// </summary>
/// <typeparam name="T">float, double, int, long, bool, byte, string, <see cref="Half"/>, sbyte, short, ushort, uint, ulong or <see cref="BFloat16"/>; any other type is rejected at creation with a <see cref="ValidationException"/>.</typeparam>
/// <remarks>
/// Views (<see cref="Reshape(TensorShape)"/>, <see cref="Slice(int, int)"/>) share storage with this
/// tensor and with the memory it was created from. The shape never changes; the elements are not
/// synchronized.
/// </remarks>
public sealed class Tensor<T> : Tensor
{
    // Null for unsupported element types: computed without throwing so that the type initializer
    // never fails (a TypeInitializationException would hide the real message).
    private static readonly TensorElementType? SupportedElementType =
        TensorElementTypeExtensions.TryFromClrType(typeof(T), out var elementType) ? elementType : null;

    internal Tensor(Memory<T> memory, TensorShape shape)
        : base(EnsureSupported(), shape)
    {
        Memory = memory;
    }

    /// <summary>The elements in row-major order.</summary>
    public Memory<T> Memory { get; }

    /// <summary>The elements in row-major order, as a span.</summary>
    public Span<T> Span => Memory.Span;

    /// <summary>Reads or writes one element.</summary>
    /// <param name="indices">One index per dimension, outermost first; none for a scalar.</param>
    /// <returns>The element.</returns>
    /// <exception cref="ValidationException">The number of indices differs from the rank, or an index is out of range; the message names the dimension.</exception>
    public T this[params ReadOnlySpan<int> indices]
    {
        get => Memory.Span[GetOffset(indices)];
        set => Memory.Span[GetOffset(indices)] = value;
    }

    /// <inheritdoc />
    public override Tensor<T> Reshape(TensorShape shape)
    {
        if (shape.ElementCount != ElementCount)
        {
            throw new ValidationException(
                $"Cannot reshape a tensor of shape {Shape} ({ElementCount} elements) to {shape} ({shape.ElementCount} elements).");
        }

        return new Tensor<T>(Memory, shape);
    }

    /// <summary>A view of the same elements with other dimension sizes of the same element count; nothing is copied.</summary>
    /// <param name="dimensions">The new sizes.</param>
    /// <returns>A tensor sharing this tensor's storage.</returns>
    /// <exception cref="ValidationException">The sizes are invalid or their element count differs.</exception>
    public Tensor<T> Reshape(params ReadOnlySpan<int> dimensions) => Reshape(new TensorShape(dimensions));

    /// <inheritdoc />
    public override Tensor<T> Slice(int start, int count)
    {
        if (Rank == 0)
        {
            throw new ValidationException($"Cannot slice a scalar {ElementType} tensor; slicing is along dimension 0.");
        }

        var rows = Shape[0];
        if (start < 0 || count < 0 || (long)start + count > rows)
        {
            throw new ValidationException(
                $"Cannot slice {count} rows from row {start} of a tensor of shape {Shape}: dimension 0 has {rows} rows.");
        }

        var rowLength = Shape.RowElementCount;
        var memory = Memory.Slice(start * rowLength, count * rowLength);
        return new Tensor<T>(memory, Shape.WithOuterDimension(count));
    }

    /// <inheritdoc />
    /// <exception cref="OverflowException">The tensor holds more than <see cref="int.MaxValue"/> bytes.</exception>
    public override Span<byte> AsBytes()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            throw new ValidationException($"A {ElementType} tensor has no byte view; its elements vary in size.");
        }

        var span = Memory.Span;
        return MemoryMarshal.CreateSpan(
            ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(span)),
            checked(span.Length * Unsafe.SizeOf<T>()));
    }

    /// <summary>Copies the elements into a new array.</summary>
    /// <returns>The elements in row-major order.</returns>
    public T[] ToArray() => Memory.ToArray();

    /// <summary>Throws unless <typeparamref name="T"/> is one of the supported element types.</summary>
    /// <returns>The element type of <typeparamref name="T"/>.</returns>
    /// <exception cref="ValidationException"><typeparamref name="T"/> is not supported.</exception>
    internal static TensorElementType EnsureSupported() =>
        SupportedElementType ?? throw new ValidationException(
            $"Tensor element type {typeof(T)} is not supported; use float, double, int, long, bool, byte, string, System.Half, sbyte, short, ushort, uint, ulong or MLOps.Tensors.BFloat16.");
}
