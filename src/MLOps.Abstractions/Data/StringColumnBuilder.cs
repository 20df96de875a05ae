using System.Text;
using System.Text.Unicode;

namespace MLOps.Data;

/// <summary>
/// Builds a <see cref="StringColumn"/>: UTF-8 bytes appended to one growing buffer plus one offset
/// per row. <see cref="Append(ReadOnlySpan{byte})"/> is the allocation-free fast path for callers
/// that already hold UTF-8.
/// </summary>
/// <remarks>Not thread-safe. The validity bitmap is only allocated once the first null is appended.</remarks>
public sealed class StringColumnBuilder : ColumnBuilder
{
    private const int MinimumDataBytes = 64;
    private ValueBuffer<int> _offsets;
    private ValidityBuilder _validity;
    private byte[] _data;
    private int _dataLength;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="capacity">Rows to allocate room for up front; 0 (the default) allocates on first append.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public StringColumnBuilder(int capacity = 0)
        : base(DataType.String)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _offsets = new ValueBuffer<int>(capacity == 0 ? 0 : capacity + 1);
        _offsets.Append(0);
        _data = [];
    }

    /// <inheritdoc />
    public override int Length => _offsets.Count - 1;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Appends a string, encoding it as UTF-8; a null string appends a null row.</summary>
    /// <param name="value">The text, or null. Unpaired surrogates are stored as U+FFFD.</param>
    public void Append(string? value)
    {
        if (value is null)
        {
            AppendNull();
            return;
        }

        // The worst case (3 bytes a char) is cheap to compute; count exactly only for long strings,
        // where the worst case could triple a buffer for nothing.
        EnsureData(value.Length <= 1024 ? (value.Length + 1) * 3 : Encoding.UTF8.GetByteCount(value));
        int written = Encoding.UTF8.GetBytes(value, _data.AsSpan(_dataLength));
        Commit(written);
    }

    /// <summary>Appends text given as UTF-8 bytes, copying them into the column's buffer.</summary>
    /// <param name="utf8">The bytes of one value (may be empty).</param>
    /// <exception cref="ValidationException"><paramref name="utf8"/> is not valid UTF-8, or the column would exceed 2 GiB of text.</exception>
    public void Append(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new ValidationException($"Row {Length} of a String column is not valid UTF-8.");
        }

        EnsureData(utf8.Length);
        utf8.CopyTo(_data.AsSpan(_dataLength));
        Commit(utf8.Length);
    }

    /// <inheritdoc />
    public override void AppendNull()
    {
        _validity.AppendNull(Length, _offsets.Capacity);
        _offsets.Append(_dataLength);
    }

    /// <inheritdoc />
    public override void AppendValue(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                AppendNull();
                break;
            case string text:
                Append(text);
                break;
            case char c:
                Append(c.ToString());
                break;
            default:
                throw Incompatible(value);
        }
    }

    /// <inheritdoc />
    public override StringColumn Build()
    {
        int nullCount = _validity.NullCount;
        ReadOnlyMemory<byte> validity = _validity.Detach(Length);
        ReadOnlyMemory<int> offsets = _offsets.Detach();
        var data = new ReadOnlyMemory<byte>(_data, 0, _dataLength);
        _data = [];
        _dataLength = 0;
        _offsets.Append(0);
        return new StringColumn(offsets, data, validity, 0, nullCount);
    }

    /// <inheritdoc />
    internal override void RemoveLast()
    {
        _validity.RemoveLast(Length - 1);
        _offsets.RemoveLast();
        _dataLength = _offsets.Written[^1];
    }

    private void Commit(int written)
    {
        _validity.AppendValid(Length);
        _dataLength += written;
        _offsets.Append(_dataLength);
    }

    private void EnsureData(int additional)
    {
        if (_data.Length - _dataLength >= additional)
        {
            return;
        }

        long needed = (long)_dataLength + additional;
        if (needed > Array.MaxLength)
        {
            throw new ValidationException($"A String column cannot hold more than {Array.MaxLength} bytes of UTF-8; row {Length} would take it to {needed}.");
        }

        long size = Math.Max(needed, Math.Max(MinimumDataBytes, 2L * _data.Length));
        var larger = new byte[(int)Math.Min(size, Array.MaxLength)];
        _data.AsSpan(0, _dataLength).CopyTo(larger);
        _data = larger;
    }
}
