using System.Buffers;
using System.Globalization;
using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>
/// Writes field values as CSV text into a growable pooled byte buffer, quoting only where the
/// reader needs it: values holding the delimiter, the quote, CR or LF, values with leading or
/// trailing spaces or tabs, empty strings (so they stay distinct from null), values equal to a
/// null token, and values starting with a byte order mark.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class CsvFieldFormatter : IDisposable
{
    private const string TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";
    private const int MaxScalarLength = 64;

    private readonly byte _delimiter;
    private readonly byte _quote;
    private readonly SearchValues<byte> _special;
    private readonly CsvNullTokens _nulls;
    private byte[] _buffer;

    public CsvFieldFormatter(byte delimiter, byte quote, CsvNullTokens nulls, int initialSize)
    {
        _delimiter = delimiter;
        _quote = quote;
        _nulls = nulls;
        _special = SearchValues.Create(delimiter, quote, (byte)'\r', (byte)'\n');
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    /// <summary>The number of bytes written since the last <see cref="Clear"/>.</summary>
    public int Length { get; private set; }

    public void Clear() => Length = 0;

    public void WriteDelimiter() => WriteByte(_delimiter);

    public void WriteNewLine() => WriteByte((byte)'\n');

    /// <summary>Writes a field's text, quoted if it must be.</summary>
    public void WriteText(ReadOnlySpan<byte> text)
    {
        if (!NeedsQuotes(text))
        {
            EnsureRoom(text.Length);
            text.CopyTo(_buffer.AsSpan(Length));
            Length += text.Length;
            return;
        }

        EnsureRoom((2 * text.Length) + 2);
        Span<byte> destination = _buffer.AsSpan(Length);
        int written = 0;
        destination[written++] = _quote;
        foreach (byte b in text)
        {
            destination[written++] = b;
            if (b == _quote)
            {
                destination[written++] = _quote;
            }
        }

        destination[written++] = _quote;
        Length += written;
    }

    /// <summary>Writes a null as the first null token.</summary>
    /// <exception cref="ValidationException">There are no null tokens.</exception>
    public void WriteNull(string columnName, int row)
    {
        if (_nulls.NullText is not { } nullText)
        {
            throw new ValidationException(
                $"Cannot write the null in column '{columnName}' at row index {row.ToString(CultureInfo.InvariantCulture)}: CsvOptions.NullValues is empty, so the CSV has no way to say null.");
        }

        // Written unquoted: a quoted token would read back as text.
        EnsureRoom(nullText.Length);
        nullText.CopyTo(_buffer.AsSpan(Length));
        Length += nullText.Length;
    }

    /// <summary>Writes the value at <paramref name="row"/> of a non-string column.</summary>
    /// <exception cref="ValidationException">A timestamp lies outside the years 0001 to 9999.</exception>
    public void WriteScalar(Column column, int row, string columnName)
    {
        if (column is BooleanColumn booleans)
        {
            WriteText(booleans[row] ? "true"u8 : "false"u8);
            return;
        }

        Span<byte> scratch = stackalloc byte[MaxScalarLength];
        int written;
        bool formatted = column switch
        {
            Float64Column c => c[row].TryFormat(scratch, out written, "R", CultureInfo.InvariantCulture),
            Int64Column c => c[row].TryFormat(scratch, out written, provider: CultureInfo.InvariantCulture),
            Int32Column c => c[row].TryFormat(scratch, out written, provider: CultureInfo.InvariantCulture),
            Float32Column c => c[row].TryFormat(scratch, out written, "R", CultureInfo.InvariantCulture),
            TimestampColumn c => FormatTimestamp(c[row], scratch, out written, columnName, row),
            _ => throw new ValidationException($"Column '{columnName}' has type {column.Type.ToString()}, which CSV cannot write."),
        };

        if (!formatted)
        {
            throw new InvalidOperationException($"A {column.Type.ToString()} value did not fit {MaxScalarLength.ToString(CultureInfo.InvariantCulture)} bytes.");
        }

        WriteText(scratch[..written]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool FormatTimestamp(long microseconds, Span<byte> destination, out int written, string columnName, int row)
    {
        DateTimeOffset instant;
        try
        {
            instant = DateTimeOffset.UnixEpoch.AddTicks(checked(microseconds * TimeSpan.TicksPerMicrosecond));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            throw new ValidationException(
                $"Cannot write the timestamp {microseconds.ToString(CultureInfo.InvariantCulture)} µs in column '{columnName}' at row index {row.ToString(CultureInfo.InvariantCulture)}: it lies outside the years 0001 to 9999.",
                ex);
        }

        return instant.UtcDateTime.TryFormat(destination, out written, TimestampFormat, CultureInfo.InvariantCulture);
    }

    private bool NeedsQuotes(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return true;
        }

        return text.IndexOfAny(_special) >= 0
            || text[0] is (byte)' ' or (byte)'\t' || text[^1] is (byte)' ' or (byte)'\t'
            || text.StartsWith("\uFEFF"u8)
            || _nulls.Matches(text);
    }

    private void WriteByte(byte value)
    {
        EnsureRoom(1);
        _buffer[Length++] = value;
    }

    private void EnsureRoom(int bytes)
    {
        if (_buffer.Length - Length >= bytes)
        {
            return;
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(2L * _buffer.Length, (long)Length + bytes)));
        _buffer.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
