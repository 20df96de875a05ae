namespace MLOps.Data;

/// <summary>
/// An immutable column of one <see cref="DataType"/> in Arrow memory layout: a value buffer plus a
/// validity bitmap (least significant bit first, bit set = valid; empty when there are no nulls).
/// </summary>
/// <remarks>
/// Columns are immutable and thread-safe to read. <see cref="Slice"/> is zero-copy: a slice shares
/// its parent's buffers and keeps an offset into them. The concrete types are
/// <see cref="BooleanColumn"/>, <see cref="Int32Column"/>, <see cref="Int64Column"/>,
/// <see cref="Float32Column"/>, <see cref="Float64Column"/>, <see cref="StringColumn"/> and
/// <see cref="TimestampColumn"/>; build them with a <see cref="ColumnBuilder"/> or their constructors.
/// </remarks>
public abstract class Column
{
    private int _nullCount;

    /// <summary>Initialises the shared part of a column and checks the validity bitmap covers it.</summary>
    /// <param name="type">The data type.</param>
    /// <param name="length">The number of rows.</param>
    /// <param name="validity">The validity bitmap, or empty when every row is valid.</param>
    /// <param name="validityOffset">The bit in <paramref name="validity"/> that holds row 0.</param>
    /// <param name="nullCount">The number of nulls when known, or -1 to count them when first asked.</param>
    private protected Column(DataType type, int length, ReadOnlyMemory<byte> validity, int validityOffset, int nullCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(validityOffset);
        Type = type;
        Length = length;
        if (validity.IsEmpty)
        {
            _nullCount = 0;
            return;
        }

        if (validity.Length * 8L < (long)validityOffset + length)
        {
            throw new ValidationException(
                $"The validity bitmap of a {type} column has {validity.Length} bytes; {length} rows from bit {validityOffset} need {Bitmap.ByteCount(validityOffset + length)}.");
        }

        // Keep the bit offset below 8 so later arithmetic on it cannot overflow.
        ValidityBitmap = validity[(validityOffset >> 3)..];
        ValidityOffset = validityOffset & 7;
        _nullCount = nullCount;
    }

    /// <summary>The data type of the values.</summary>
    public DataType Type { get; }

    /// <summary>The number of rows.</summary>
    public int Length { get; }

    /// <summary>The number of null rows.</summary>
    /// <remarks>On a slice this is counted on first use (a population count over the bitmap) and then remembered.</remarks>
    public int NullCount
    {
        get
        {
            int count = _nullCount;
            if (count < 0)
            {
                // A benign race: every thread computes the same value.
                count = Length - Bitmap.CountSet(ValidityBitmap.Span, ValidityOffset, Length);
                _nullCount = count;
            }

            return count;
        }
    }

    /// <summary>The validity bitmap shared with any parent column, or empty when every row is valid.</summary>
    /// <remarks>Row <c>i</c> is valid when bit <c>ValidityOffset + i</c> is set (least significant bit first). For zero-copy adapters.</remarks>
    public ReadOnlyMemory<byte> ValidityBitmap { get; }

    /// <summary>The bit of <see cref="ValidityBitmap"/> that holds row 0 (0 to 7).</summary>
    public int ValidityOffset { get; }

    /// <summary>Concatenates columns of one type into a new column, copying the values once into fresh buffers.</summary>
    /// <param name="columns">One or more columns, all of the same <see cref="DataType"/>.</param>
    /// <returns>A column holding the rows of each column in turn.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="columns"/> or one of its items is null.</exception>
    /// <exception cref="ValidationException">The list is empty, the types differ, or the total length exceeds a column's limit.</exception>
    public static Column Concat(IReadOnlyList<Column> columns) => ColumnConcatenation.Concat(columns);

    /// <summary>Whether a row is null.</summary>
    /// <param name="index">Zero-based row.</param>
    /// <returns>True when the row holds no value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    public bool IsNull(int index)
    {
        CheckIndex(index);
        return !ValidityBitmap.IsEmpty && !Bitmap.Get(ValidityBitmap.Span, ValidityOffset + index);
    }

    /// <summary>Whether a row holds a value.</summary>
    /// <param name="index">Zero-based row.</param>
    /// <returns>True when the row is not null.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    public bool IsValid(int index) => !IsNull(index);

    /// <summary>A zero-copy view of some rows.</summary>
    /// <param name="offset">The first row of the view.</param>
    /// <param name="length">The number of rows in the view.</param>
    /// <returns>A column of the same type sharing this column's buffers.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the column.</exception>
    public abstract Column Slice(int offset, int length);

    /// <summary>A row's value, boxed.</summary>
    /// <param name="index">Zero-based row.</param>
    /// <returns>
    /// Null for a null row; otherwise a <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>,
    /// <see cref="float"/>, <see cref="double"/>, <see cref="string"/>, or for timestamps a UTC
    /// <see cref="DateTimeOffset"/>.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    public abstract object? GetValue(int index);

    /// <summary>Formats the column as its type and length, such as <c>Int64[1000, 3 nulls]</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{Type}[{Length}, {NullCount} nulls]";

    /// <summary>Checks a row index.</summary>
    /// <param name="index">Zero-based row.</param>
    private protected void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            ThrowIndexOutOfRange(index);
        }
    }

    /// <summary>Checks a slice range and returns the validity bitmap and bit offset of the slice.</summary>
    /// <param name="offset">The first row.</param>
    /// <param name="length">The number of rows.</param>
    /// <returns>The slice's bitmap (empty if this column has none) and bit offset.</returns>
    private protected (ReadOnlyMemory<byte> Validity, int Offset) SliceValidity(int offset, int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(offset), $"Slice [{offset}, {offset}+{length}) is outside a {Type} column of {Length} rows.");
        }

        return ValidityBitmap.IsEmpty ? (ValidityBitmap, 0) : (ValidityBitmap, ValidityOffset + offset);
    }

    /// <summary>The null count a slice can inherit without counting: known only when this column has no nulls.</summary>
    /// <returns>0 when there is no bitmap, otherwise -1 (count lazily).</returns>
    private protected int SliceNullCount() => ValidityBitmap.IsEmpty ? 0 : -1;

    private void ThrowIndexOutOfRange(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"Row {index} is outside a {Type} column of {Length} rows.");
}
