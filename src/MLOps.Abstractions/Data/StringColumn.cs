using System.Text;

namespace MLOps.Data;

/// <summary>
/// A column of UTF-8 text (<see cref="DataType.String"/>): 32-bit offsets, one more than the row
/// count, into a shared byte buffer; row <c>i</c> is bytes <c>[Offsets[i], Offsets[i + 1])</c>.
/// </summary>
/// <remarks>Immutable and thread-safe to read. Null rows have empty byte ranges.</remarks>
public sealed class StringColumn : Column
{
    /// <summary>Creates a column over existing memory, without copying; the caller must not change the buffers afterwards.</summary>
    /// <param name="offsets">Row start offsets into <paramref name="data"/>, plus the end of the last row; at least one entry, non-decreasing.</param>
    /// <param name="data">The UTF-8 bytes.</param>
    /// <param name="validity">The validity bitmap, or empty (the default) when every row is valid.</param>
    /// <exception cref="ValidationException">The offsets are empty, decreasing or outside <paramref name="data"/>, or the bitmap is too short.</exception>
    public StringColumn(ReadOnlyMemory<int> offsets, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> validity = default)
        : this(offsets, data, validity, 0)
    {
    }

    /// <summary>Creates a column over existing memory whose validity starts at a bit offset, without copying.</summary>
    /// <param name="offsets">Row start offsets into <paramref name="data"/>, plus the end of the last row; at least one entry, non-decreasing.</param>
    /// <param name="data">The UTF-8 bytes.</param>
    /// <param name="validity">The validity bitmap, or empty when every row is valid.</param>
    /// <param name="validityOffset">The bit in <paramref name="validity"/> that holds row 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validityOffset"/> is negative.</exception>
    /// <exception cref="ValidationException">The offsets are empty, decreasing or outside <paramref name="data"/>, or the bitmap is too short.</exception>
    public StringColumn(ReadOnlyMemory<int> offsets, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> validity, int validityOffset)
        : this(CheckOffsets(offsets, data.Length), data, validity, validityOffset, -1)
    {
    }

    internal StringColumn(ReadOnlyMemory<int> offsets, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> validity, int validityOffset, int nullCount)
        : base(DataType.String, offsets.Length - 1, validity, validityOffset, nullCount)
    {
        Offsets = offsets;
        Data = data;
    }

    /// <summary>The row offsets into <see cref="Data"/> (<see cref="Column.Length"/> + 1 entries), shared with any parent column.</summary>
    public ReadOnlyMemory<int> Offsets { get; }

    /// <summary>The UTF-8 bytes the offsets point into, shared with any parent column (a slice may not start at byte 0).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>A row's text, decoded from UTF-8; null for a null row.</summary>
    /// <param name="index">Zero-based row.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    public string? this[int index] => IsNull(index) ? null : Encoding.UTF8.GetString(GetUtf8Unchecked(index));

    /// <summary>Creates a column from some strings, nulls included, encoding them as UTF-8.</summary>
    /// <param name="values">The strings; null entries become null rows.</param>
    /// <returns>A new column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static StringColumn FromValues(params string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringColumnBuilder(values.Length);
        foreach (string? value in values)
        {
            builder.Append(value);
        }

        return builder.Build();
    }

    /// <summary>A row's UTF-8 bytes, zero-copy; empty for a null row.</summary>
    /// <param name="index">Zero-based row.</param>
    /// <returns>A span over the shared data buffer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    public ReadOnlySpan<byte> GetUtf8(int index)
    {
        return IsNull(index) ? default : GetUtf8Unchecked(index);
    }

    /// <inheritdoc />
    public override object? GetValue(int index) => this[index];

    /// <inheritdoc />
    public override StringColumn Slice(int offset, int length)
    {
        (ReadOnlyMemory<byte> validity, int validityOffset) = SliceValidity(offset, length);
        return new StringColumn(Offsets.Slice(offset, length + 1), Data, validity, validityOffset, SliceNullCount());
    }

    private ReadOnlySpan<byte> GetUtf8Unchecked(int index)
    {
        ReadOnlySpan<int> offsets = Offsets.Span;
        int start = offsets[index];
        return Data.Span[start..offsets[index + 1]];
    }

    private static ReadOnlyMemory<int> CheckOffsets(ReadOnlyMemory<int> offsets, int dataLength)
    {
        ReadOnlySpan<int> span = offsets.Span;
        if (span.IsEmpty)
        {
            throw new ValidationException("A String column needs at least one offset (one more than its row count).");
        }

        int previous = span[0];
        if (previous < 0 || previous > dataLength)
        {
            throw new ValidationException($"String column offset 0 is {previous}, outside the {dataLength} data bytes.");
        }

        for (int i = 1; i < span.Length; i++)
        {
            int current = span[i];
            if (current < previous || current > dataLength)
            {
                throw new ValidationException(
                    $"String column offset {i} is {current}; offsets must not decrease and must stay within the {dataLength} data bytes (offset {i - 1} is {previous}).");
            }

            previous = current;
        }

        return offsets;
    }
}
