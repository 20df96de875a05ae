namespace MLOps.Data;

/// <summary>Builds a <see cref="Int64Column"/>; <see cref="PrimitiveColumnBuilder{T, TColumn}.Append"/> is the allocation-free fast path.</summary>
/// <remarks>Not thread-safe. The validity bitmap is only allocated once the first null is appended.</remarks>
public sealed class Int64ColumnBuilder : PrimitiveColumnBuilder<long, Int64Column>
{
    /// <summary>Creates an empty builder.</summary>
    /// <param name="capacity">Rows to allocate room for up front; 0 (the default) allocates on first append.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public Int64ColumnBuilder(int capacity = 0)
        : base(DataType.Int64, capacity)
    {
    }

    private protected override bool TryConvert(object value, out long converted) => ValueConversion.TryToInt64(value, out converted);

    private protected override Int64Column CreateColumn(ReadOnlyMemory<long> values, ReadOnlyMemory<byte> validity, int nullCount) =>
        new(values, validity, 0, nullCount);
}
