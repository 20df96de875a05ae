namespace MLOps.Data;

/// <summary>Builds an <see cref="Int64Column"/>; <see cref="Append"/> is the allocation-free fast path.</summary>
/// <remarks>Not thread-safe. The validity bitmap is only allocated once the first null is appended.</remarks>
public sealed class Int64ColumnBuilder : ColumnBuilder
{
    private ValueBuffer<long> _values;
    private ValidityBuilder _validity;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="capacity">Rows to allocate room for up front; 0 (the default) allocates on first append.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public Int64ColumnBuilder(int capacity = 0)
        : base(DataType.Int64)
    {
        _values = new ValueBuffer<long>(capacity);
    }

    /// <inheritdoc />
    public override int Length => _values.Count;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Appends a value. Amortised O(1) and allocation-free except when the buffer doubles.</summary>
    /// <param name="value">The value.</param>
    public void Append(long value)
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
        else if (ValueConversion.TryToInt64(value, out long converted))
        {
            Append(converted);
        }
        else
        {
            throw Incompatible(value);
        }
    }

    /// <inheritdoc />
    public override Int64Column Build()
    {
        int nullCount = _validity.NullCount;
        ReadOnlyMemory<byte> validity = _validity.Detach(_values.Count);
        return new Int64Column(_values.Detach(), validity, 0, nullCount);
    }

    /// <inheritdoc />
    internal override void RemoveLast()
    {
        _validity.RemoveLast(_values.Count - 1);
        _values.RemoveLast();
    }
}
