namespace MLOps.Data;

/// <summary>A column of fixed-width values stored contiguously, one <typeparamref name="T"/> per row.</summary>
/// <typeparam name="T">The physical value type.</typeparam>
/// <remarks>Immutable and thread-safe to read. Null rows hold <c>default(T)</c> in <see cref="Values"/> (or whatever the buffer's owner put there).</remarks>
public abstract class PrimitiveColumn<T> : Column
    where T : unmanaged
{
    /// <summary>Initialises a primitive column over existing buffers, without copying.</summary>
    /// <param name="type">The data type.</param>
    /// <param name="values">One value per row.</param>
    /// <param name="validity">The validity bitmap, or empty when every row is valid.</param>
    /// <param name="validityOffset">The bit in <paramref name="validity"/> that holds row 0.</param>
    /// <param name="nullCount">The number of nulls when known, or -1.</param>
    private protected PrimitiveColumn(DataType type, ReadOnlyMemory<T> values, ReadOnlyMemory<byte> validity, int validityOffset, int nullCount)
        : base(type, values.Length, validity, validityOffset, nullCount)
    {
        ValueMemory = values;
    }

    /// <summary>The values of this column (or slice), zero-copy.</summary>
    public ReadOnlySpan<T> Values => ValueMemory.Span;

    /// <summary>The values of this column (or slice) as memory, zero-copy; for adapters that must hold on to the buffer.</summary>
    public ReadOnlyMemory<T> ValueMemory { get; }

    /// <summary>A row's value; <c>default(T)</c> for a null row.</summary>
    /// <param name="index">Zero-based row.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    public T this[int index]
    {
        get
        {
            CheckIndex(index);
            return ValueMemory.Span[index];
        }
    }

    /// <summary>A row's value, or null for a null row.</summary>
    /// <param name="index">Zero-based row.</param>
    /// <returns>The value or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    public T? GetNullable(int index) => IsNull(index) ? null : ValueMemory.Span[index];

    /// <inheritdoc />
    public override object? GetValue(int index) => IsNull(index) ? null : ValueMemory.Span[index];

    /// <summary>Checks a slice range and returns the slice's buffers.</summary>
    /// <param name="offset">The first row.</param>
    /// <param name="length">The number of rows.</param>
    /// <returns>The values, validity bitmap, bit offset and null count (or -1) of the slice.</returns>
    private protected (ReadOnlyMemory<T> Values, ReadOnlyMemory<byte> Validity, int ValidityOffset, int NullCount) SliceBuffers(int offset, int length)
    {
        (ReadOnlyMemory<byte> validity, int validityOffset) = SliceValidity(offset, length);
        return (ValueMemory.Slice(offset, length), validity, validityOffset, SliceNullCount());
    }
}
