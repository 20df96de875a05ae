namespace MLOps.Data;

/// <summary>A column of points in time, stored as microseconds since the Unix epoch, UTC (<see cref="DataType.Timestamp"/>).</summary>
/// <remarks>Immutable and thread-safe to read.</remarks>
public sealed class TimestampColumn : PrimitiveColumn<long>
{
    /// <summary>Creates a column over existing memory, without copying; the caller must not change the buffers afterwards.</summary>
    /// <param name="values">One value per row; null rows may hold anything.</param>
    /// <param name="validity">The validity bitmap (least significant bit first, bit set = valid), or empty (the default) when every row is valid.</param>
    /// <exception cref="ValidationException"><paramref name="validity"/> is not empty and shorter than the rows need.</exception>
    public TimestampColumn(ReadOnlyMemory<long> values, ReadOnlyMemory<byte> validity = default)
        : this(values, validity, 0)
    {
    }

    /// <summary>Creates a column over existing memory whose validity starts at a bit offset, without copying.</summary>
    /// <param name="values">One value per row; null rows may hold anything.</param>
    /// <param name="validity">The validity bitmap, or empty when every row is valid.</param>
    /// <param name="validityOffset">The bit in <paramref name="validity"/> that holds row 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validityOffset"/> is negative.</exception>
    /// <exception cref="ValidationException"><paramref name="validity"/> is not empty and shorter than the rows need.</exception>
    public TimestampColumn(ReadOnlyMemory<long> values, ReadOnlyMemory<byte> validity, int validityOffset)
        : this(values, validity, validityOffset, -1)
    {
    }

    internal TimestampColumn(ReadOnlyMemory<long> values, ReadOnlyMemory<byte> validity, int validityOffset, int nullCount)
        : base(DataType.Timestamp, values, validity, validityOffset, nullCount)
    {
    }

    /// <summary>Creates a column without nulls from a copy of some values.</summary>
    /// <param name="values">The values.</param>
    /// <returns>A new column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static TimestampColumn FromValues(params long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new TimestampColumn(values.AsSpan().ToArray(), ReadOnlyMemory<byte>.Empty, 0, 0);
    }

    /// <summary>Creates a column from a copy of some values, nulls included.</summary>
    /// <param name="values">The values; null entries become null rows.</param>
    /// <returns>A new column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static TimestampColumn FromNullable(params long?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new TimestampColumnBuilder(values.Length);
        foreach (long? value in values)
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

    /// <summary>Creates a column without nulls from some instants, stored as microseconds since the Unix epoch (sub-microsecond ticks are rounded down).</summary>
    /// <param name="values">The instants.</param>
    /// <returns>A new column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static TimestampColumn FromDateTimes(params DateTimeOffset[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new TimestampColumnBuilder(values.Length);
        foreach (DateTimeOffset value in values)
        {
            builder.Append(value);
        }

        return builder.Build();
    }

    /// <summary>A row's instant, in UTC; the Unix epoch for a null row (whose stored value is 0).</summary>
    /// <param name="index">Zero-based row.</param>
    /// <returns>The instant.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    /// <exception cref="ValidationException">The stored value is outside the range of <see cref="DateTimeOffset"/>.</exception>
    public DateTimeOffset GetDateTime(int index) => TimestampConversion.ToDateTimeOffset(this[index]);

    /// <summary>A row's instant in UTC, or null for a null row.</summary>
    /// <param name="index">Zero-based row.</param>
    /// <returns>The instant or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the column.</exception>
    /// <exception cref="ValidationException">The stored value is outside the range of <see cref="DateTimeOffset"/>.</exception>
    public DateTimeOffset? GetNullableDateTime(int index) => IsNull(index) ? null : GetDateTime(index);

    /// <inheritdoc />
    /// <remarks>Boxes a UTC <see cref="DateTimeOffset"/>.</remarks>
    public override object? GetValue(int index) => GetNullableDateTime(index);

    /// <inheritdoc />
    public override TimestampColumn Slice(int offset, int length)
    {
        var (values, validity, validityOffset, nullCount) = SliceBuffers(offset, length);
        return new TimestampColumn(values, validity, validityOffset, nullCount);
    }
}
