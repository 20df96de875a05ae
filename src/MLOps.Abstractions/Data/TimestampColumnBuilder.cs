namespace MLOps.Data;

/// <summary>Builds a <see cref="TimestampColumn"/>; <see cref="PrimitiveColumnBuilder{T, TColumn}.Append"/> is the allocation-free fast path.</summary>
/// <remarks>Not thread-safe. The validity bitmap is only allocated once the first null is appended.</remarks>
public sealed class TimestampColumnBuilder : PrimitiveColumnBuilder<long, TimestampColumn>
{
    /// <summary>Creates an empty builder.</summary>
    /// <param name="capacity">Rows to allocate room for up front; 0 (the default) allocates on first append.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public TimestampColumnBuilder(int capacity = 0)
        : base(DataType.Timestamp, capacity)
    {
    }

    /// <summary>Appends an instant, rounding sub-microsecond ticks down.</summary>
    /// <param name="value">The instant; its offset is honoured (the stored value is UTC).</param>
    public void Append(DateTimeOffset value) => Append(TimestampConversion.ToMicroseconds(value));

    private protected override bool TryConvert(object value, out long converted) => ValueConversion.TryToTimestamp(value, out converted);

    private protected override TimestampColumn CreateColumn(ReadOnlyMemory<long> values, ReadOnlyMemory<byte> validity, int nullCount) =>
        new(values, validity, 0, nullCount);
}
