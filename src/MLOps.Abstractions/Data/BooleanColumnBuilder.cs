namespace MLOps.Data;

/// <summary>Builds a <see cref="BooleanColumn"/>, packing values eight to a byte; <see cref="Append"/> is the allocation-free fast path.</summary>
/// <remarks>Not thread-safe. The validity bitmap is only allocated once the first null is appended.</remarks>
public sealed class BooleanColumnBuilder : ColumnBuilder
{
    private const int MinimumBytes = 8;
    private readonly int _initialCapacity;
    private byte[] _bits;
    private int _length;
    private ValidityBuilder _validity;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="capacity">Rows to allocate room for up front; 0 (the default) allocates on first append.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public BooleanColumnBuilder(int capacity = 0)
        : base(DataType.Boolean)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _initialCapacity = capacity;
        _bits = NewBits(capacity);
    }

    /// <inheritdoc />
    public override int Length => _length;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Appends a value. Amortised O(1) and allocation-free except when the buffer doubles.</summary>
    /// <param name="value">The value.</param>
    public void Append(bool value)
    {
        int index = _length;
        _validity.AppendValid(index);
        Write(index, value);
    }

    /// <inheritdoc />
    public override void AppendNull()
    {
        int index = _length;
        _validity.AppendNull(index, _bits.Length * 8);
        Write(index, value: false);
    }

    /// <inheritdoc />
    public override void AppendValue(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                AppendNull();
                break;
            case bool flag:
                Append(flag);
                break;
            default:
                throw Incompatible(value);
        }
    }

    /// <inheritdoc />
    public override BooleanColumn Build()
    {
        int length = _length;
        int nullCount = _validity.NullCount;
        ReadOnlyMemory<byte> validity = _validity.Detach(length);
        var values = new ReadOnlyMemory<byte>(_bits, 0, Bitmap.ByteCount(length));
        _bits = NewBits(_initialCapacity);
        _length = 0;
        return new BooleanColumn(values, 0, length, validity, 0, nullCount);
    }

    /// <inheritdoc />
    internal override void RemoveLast()
    {
        _validity.RemoveLast(_length - 1);
        _length--;
    }

    private static byte[] NewBits(int capacity) => capacity == 0 ? [] : new byte[Bitmap.ByteCount(capacity)];

    private void Write(int index, bool value)
    {
        int byteIndex = index >> 3;
        if ((uint)byteIndex >= (uint)_bits.Length)
        {
            Grow(byteIndex + 1);
        }

        // Set or clear explicitly: a row removed by RemoveLast may have left its bit set.
        Bitmap.Set(_bits, index, value);
        _length = index + 1;
    }

    private void Grow(int neededBytes)
    {
        if (_length == int.MaxValue)
        {
            throw new ValidationException($"A column cannot hold more than {int.MaxValue} values.");
        }

        Array.Resize(ref _bits, Math.Max(neededBytes, Math.Max(MinimumBytes, (int)Math.Min(Array.MaxLength, 2L * _bits.Length))));
    }
}
