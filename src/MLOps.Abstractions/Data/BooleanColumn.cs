namespace MLOps.Data;

/// <summary>A column of true/false values (<see cref="DataType.Boolean"/>), bit-packed least significant bit first.</summary>
/// <remarks>Immutable and thread-safe to read.</remarks>
public sealed class BooleanColumn : Column
{
    /// <summary>Creates a column over existing bit-packed memory, without copying; the caller must not change the buffers afterwards.</summary>
    /// <param name="values">The value bits, least significant bit first (bit set = true).</param>
    /// <param name="length">The number of rows.</param>
    /// <param name="validity">The validity bitmap, or empty (the default) when every row is valid.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ValidationException">A buffer is shorter than <paramref name="length"/> rows need.</exception>
    public BooleanColumn(ReadOnlyMemory<byte> values, int length, ReadOnlyMemory<byte> validity = default)
        : this(values, 0, length, validity, 0, -1)
    {
    }

    /// <summary>Creates a column over existing bit-packed memory whose rows start at bit offsets, without copying.</summary>
    /// <param name="values">The value bits, least significant bit first.</param>
    /// <param name="valueOffset">The bit in <paramref name="values"/> that holds row 0.</param>
    /// <param name="length">The number of rows.</param>
    /// <param name="validity">The validity bitmap, or empty when every row is valid.</param>
    /// <param name="validityOffset">The bit in <paramref name="validity"/> that holds row 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An offset or the length is negative.</exception>
    /// <exception cref="ValidationException">A buffer is shorter than the rows need.</exception>
    public BooleanColumn(ReadOnlyMemory<byte> values, int valueOffset, int length, ReadOnlyMemory<byte> validity, int validityOffset)
        : this(values, valueOffset, length, validity, validityOffset, -1)
    {
    }

    internal BooleanColumn(ReadOnlyMemory<byte> values, int valueOffset, int length, ReadOnlyMemory<byte> validity, int validityOffset, int nullCount)
        : base(DataType.Boolean, length, validity, validityOffset, nullCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueOffset);
        if (values.Length * 8L < (long)valueOffset + length)
        {
            throw new ValidationException(
                $"The value bits of a Boolean column have {values.Length} bytes; {length} rows from bit {valueOffset} need {Bitmap.ByteCount(valueOffset + length)}.");
        }

        ValueBits = values[(valueOffset >> 3)..];
        ValueOffset = valueOffset & 7;
    }

    /// <summary>The value bits shared with any parent column; row <c>i</c> is bit <c>ValueOffset + i</c>. For zero-copy adapters.</summary>
    public ReadOnlyMemory<byte> ValueBits { get; }

    /// <summary>The bit of <see cref="ValueBits"/> that holds row 0 (0 to 7).</summary>
    public int ValueOffset { get; }

    /// <summary>A row's value; false for a null row (unless the buffer's owner set its bit).</summary>
    /// <param name="index">Zero-based row.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    public bool this[int index]
    {
        get
        {
            CheckIndex(index);
            return Bitmap.Get(ValueBits.Span, ValueOffset + index);
        }
    }

    /// <summary>Creates a column without nulls from some values.</summary>
    /// <param name="values">The values.</param>
    /// <returns>A new column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static BooleanColumn FromValues(params bool[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new BooleanColumnBuilder(values.Length);
        foreach (bool value in values)
        {
            builder.Append(value);
        }

        return builder.Build();
    }

    /// <summary>Creates a column from some values, nulls included.</summary>
    /// <param name="values">The values; null entries become null rows.</param>
    /// <returns>A new column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static BooleanColumn FromNullable(params bool?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new BooleanColumnBuilder(values.Length);
        foreach (bool? value in values)
        {
            if (value is { } present)
            {
                builder.Append(present);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }

    /// <summary>A row's value, or null for a null row.</summary>
    /// <param name="index">Zero-based row.</param>
    /// <returns>The value or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    public bool? GetNullable(int index) => IsNull(index) ? null : Bitmap.Get(ValueBits.Span, ValueOffset + index);

    /// <inheritdoc />
    public override object? GetValue(int index) => GetNullable(index);

    /// <inheritdoc />
    public override BooleanColumn Slice(int offset, int length)
    {
        (ReadOnlyMemory<byte> validity, int validityOffset) = SliceValidity(offset, length);
        return new BooleanColumn(ValueBits, ValueOffset + offset, length, validity, validityOffset, SliceNullCount());
    }
}
