using System.Runtime.CompilerServices;

namespace MLOps.Data;

/// <summary>
/// The growing validity bitmap of a column builder. It stays unallocated until the first null, so
/// columns without nulls carry no bitmap and valid appends cost one null check.
/// </summary>
/// <remarks>A mutable struct: keep it in a non-readonly field and call it in place.</remarks>
internal struct ValidityBuilder
{
    private byte[]? _bits;

    /// <summary>The number of nulls appended since the last <see cref="Detach"/>.</summary>
    public int NullCount { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendValid(int index)
    {
        if (_bits is not null)
        {
            Write(index, valid: true);
        }
    }

    /// <summary>Marks row <paramref name="index"/> null; the first call materialises the bitmap with all earlier rows valid.</summary>
    /// <param name="index">The row being appended.</param>
    /// <param name="capacity">The value buffer's capacity, to size the bitmap alike.</param>
    public void AppendNull(int index, int capacity)
    {
        if (_bits is null)
        {
            _bits = new byte[Bitmap.ByteCount(Math.Max(capacity, index + 1))];
            Bitmap.SetRange(_bits, 0, index);
        }

        Write(index, valid: false);
        NullCount++;
    }

    /// <summary>Whether row <paramref name="index"/> was appended as null.</summary>
    public readonly bool IsNull(int index) => _bits is not null && !Bitmap.Get(_bits, index);

    /// <summary>Forgets the last row, at <paramref name="index"/>.</summary>
    public void RemoveLast(int index)
    {
        if (IsNull(index))
        {
            NullCount--;
        }
    }

    /// <summary>Hands the bitmap over (empty when no null was appended) and starts afresh.</summary>
    public ReadOnlyMemory<byte> Detach(int length)
    {
        ReadOnlyMemory<byte> result = _bits is null || NullCount == 0
            ? ReadOnlyMemory<byte>.Empty
            : new ReadOnlyMemory<byte>(_bits, 0, Bitmap.ByteCount(length));
        _bits = null;
        NullCount = 0;
        return result;
    }

    private void Write(int index, bool valid)
    {
        int byteIndex = index >> 3;
        if (byteIndex >= _bits!.Length)
        {
            Array.Resize(ref _bits, Math.Max(byteIndex + 1, (int)Math.Min(Array.MaxLength, 2L * _bits.Length)));
        }

        Bitmap.Set(_bits, index, valid);
    }
}
