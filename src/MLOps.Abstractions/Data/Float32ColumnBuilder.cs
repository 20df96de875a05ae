namespace MLOps.Data;

/// <summary>Builds a <see cref="Float32Column"/>; <see cref="PrimitiveColumnBuilder{T, TColumn}.Append"/> is the allocation-free fast path.</summary>
/// <remarks>Not thread-safe. The validity bitmap is only allocated once the first null is appended.</remarks>
public sealed class Float32ColumnBuilder : PrimitiveColumnBuilder<float, Float32Column>
{
    /// <summary>Creates an empty builder.</summary>
    /// <param name="capacity">Rows to allocate room for up front; 0 (the default) allocates on first append.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public Float32ColumnBuilder(int capacity = 0)
        : base(DataType.Float32, capacity)
    {
    }

    private protected override bool TryConvert(object value, out float converted) => ValueConversion.TryToFloat32(value, out converted);

    private protected override Float32Column CreateColumn(ReadOnlyMemory<float> values, ReadOnlyMemory<byte> validity, int nullCount) =>
        new(values, validity, 0, nullCount);
}
