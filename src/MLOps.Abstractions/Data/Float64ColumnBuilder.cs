namespace MLOps.Data;

/// <summary>Builds a <see cref="Float64Column"/>; <see cref="PrimitiveColumnBuilder{T, TColumn}.Append"/> is the allocation-free fast path.</summary>
/// <remarks>Not thread-safe. The validity bitmap is only allocated once the first null is appended.</remarks>
public sealed class Float64ColumnBuilder : PrimitiveColumnBuilder<double, Float64Column>
{
    /// <summary>Creates an empty builder.</summary>
    /// <param name="capacity">Rows to allocate room for up front; 0 (the default) allocates on first append.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public Float64ColumnBuilder(int capacity = 0)
        : base(DataType.Float64, capacity)
    {
    }

    private protected override bool TryConvert(object value, out double converted) => ValueConversion.TryToFloat64(value, out converted);

    private protected override Float64Column CreateColumn(ReadOnlyMemory<double> values, ReadOnlyMemory<byte> validity, int nullCount) =>
        new(values, validity, 0, nullCount);
}
