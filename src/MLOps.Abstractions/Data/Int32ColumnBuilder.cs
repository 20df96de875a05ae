namespace MLOps.Data;

/// <summary>Builds a <see cref="Int32Column"/>; <see cref="PrimitiveColumnBuilder{T, TColumn}.Append"/> is the allocation-free fast path.</summary>
/// <remarks>Not thread-safe. The validity bitmap is only allocated once the first null is appended.</remarks>
public sealed class Int32ColumnBuilder : PrimitiveColumnBuilder<int, Int32Column>
{
    /// <summary>Creates an empty builder.</summary>
    /// <param name="capacity">Rows to allocate room for up front; 0 (the default) allocates on first append.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public Int32ColumnBuilder(int capacity = 0)
        : base(DataType.Int32, capacity)
    {
    }

    private protected override bool TryConvert(object value, out int converted) => ValueConversion.TryToInt32(value, out converted);

    private protected override Int32Column CreateColumn(ReadOnlyMemory<int> values, ReadOnlyMemory<byte> validity, int nullCount) =>
        new(values, validity, 0, nullCount);
}
