namespace MLOps.Data;

/// <summary>
/// Builds a column of fixed-width values: the one implementation behind the Int32, Int64, Float32,
/// Float64 and Timestamp builders. <see cref="Append"/> is the allocation-free fast path.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
/// <typeparam name="TColumn">The column it builds.</typeparam>
/// <remarks>Not thread-safe. The validity bitmap is only allocated once the first null is appended.</remarks>
public abstract class PrimitiveColumnBuilder<T, TColumn> : ColumnBuilder
    where T : unmanaged
    where TColumn : PrimitiveColumn<T>
{
    private ValueBuffer<T> _values;
    private ValidityBuilder _validity;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="type">The column type it builds.</param>
    /// <param name="capacity">Rows to allocate room for up front; 0 allocates on first append.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    private protected PrimitiveColumnBuilder(DataType type, int capacity)
        : base(type)
    {
        _values = new ValueBuffer<T>(capacity);
    }

    /// <inheritdoc />
    public override int Length => _values.Count;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Appends a value. Amortised O(1) and allocation-free except when the buffer doubles.</summary>
    /// <param name="value">The value.</param>
    public void Append(T value)
    {
        _validity.AppendValid(_values.Count);
        _values.Append(value);
    }

    /// <inheritdoc />
    public override void AppendNull()
    {
        _validity.AppendNull(_values.Count, _values.Capacity);
        _values.Append(default);
    }

    /// <inheritdoc />
    public override void AppendValue(object? value)
    {
        if (value is null or DBNull)
        {
            AppendNull();
        }
        else if (TryConvert(value, out var converted))
        {
            Append(converted);
        }
        else
        {
            throw Incompatible(value);
        }
    }

    /// <inheritdoc />
    public override TColumn Build()
    {
        var nullCount = _validity.NullCount;
        var validity = _validity.Detach(_values.Count);
        return CreateColumn(_values.Detach(), validity, nullCount);
    }

    /// <inheritdoc />
    internal override void RemoveLast()
    {
        _validity.RemoveLast(_values.Count - 1);
        _values.RemoveLast();
    }

    /// <summary>Converts a boxed value of a compatible type (used by <see cref="AppendValue"/>).</summary>
    /// <param name="value">The value, not null.</param>
    /// <param name="converted">The converted value.</param>
    /// <returns>False when the value's type is not compatible.</returns>
    private protected abstract bool TryConvert(object value, out T converted);

    /// <summary>Wraps the detached buffers in the column type.</summary>
    /// <param name="values">The values.</param>
    /// <param name="validity">The validity bitmap, empty when there are no nulls.</param>
    /// <param name="nullCount">The number of nulls.</param>
    /// <returns>The column.</returns>
    private protected abstract TColumn CreateColumn(ReadOnlyMemory<T> values, ReadOnlyMemory<byte> validity, int nullCount);
}
