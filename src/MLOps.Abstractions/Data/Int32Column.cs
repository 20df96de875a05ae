namespace MLOps.Data;

/// <summary>A column of signed 32-bit integers (<see cref="DataType.Int32"/>).</summary>
/// <remarks>Immutable and thread-safe to read.</remarks>
public sealed class Int32Column : PrimitiveColumn<int>
{
    /// <summary>Creates a column over existing memory, without copying; the caller must not change the buffers afterwards.</summary>
    /// <param name="values">One value per row; null rows may hold anything.</param>
    /// <param name="validity">The validity bitmap (least significant bit first, bit set = valid), or empty (the default) when every row is valid.</param>
    /// <exception cref="ValidationException"><paramref name="validity"/> is not empty and shorter than the rows need.</exception>
    public Int32Column(ReadOnlyMemory<int> values, ReadOnlyMemory<byte> validity = default)
        : this(values, validity, 0)
    {
    }

    /// <summary>Creates a column over existing memory whose validity starts at a bit offset, without copying.</summary>
    /// <param name="values">One value per row; null rows may hold anything.</param>
    /// <param name="validity">The validity bitmap, or empty when every row is valid.</param>
    /// <param name="validityOffset">The bit in <paramref name="validity"/> that holds row 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validityOffset"/> is negative.</exception>
    /// <exception cref="ValidationException"><paramref name="validity"/> is not empty and shorter than the rows need.</exception>
    public Int32Column(ReadOnlyMemory<int> values, ReadOnlyMemory<byte> validity, int validityOffset)
        : this(values, validity, validityOffset, -1)
    {
    }

    internal Int32Column(ReadOnlyMemory<int> values, ReadOnlyMemory<byte> validity, int validityOffset, int nullCount)
        : base(DataType.Int32, values, validity, validityOffset, nullCount)
    {
    }

    /// <summary>Creates a column without nulls from a copy of some values.</summary>
    /// <param name="values">The values.</param>
    /// <returns>A new column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static Int32Column FromValues(params int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Int32Column(values.AsSpan().ToArray(), ReadOnlyMemory<byte>.Empty, 0, 0);
    }

    /// <summary>Creates a column from a copy of some values, nulls included.</summary>
    /// <param name="values">The values; null entries become null rows.</param>
    /// <returns>A new column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static Int32Column FromNullable(params int?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new Int32ColumnBuilder(values.Length);
        foreach (int? value in values)
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

    /// <inheritdoc />
    public override Int32Column Slice(int offset, int length)
    {
        var (values, validity, validityOffset, nullCount) = SliceBuffers(offset, length);
        return new Int32Column(values, validity, validityOffset, nullCount);
    }
}
