using System.Runtime.CompilerServices;

namespace MLOps.Storage.Csv;

/// <summary>
/// Splits UTF-8 bytes into RFC 4180 records and fields without copying or decoding: a field is an
/// offset and a length into the read buffer. Unquoted fields take the SIMD fast path; quoted fields
/// may hold delimiters, doubled quotes and CR/LF line breaks. Records end at LF, CRLF or a lone CR.
/// </summary>
/// <remarks>
/// Stateless between records apart from the scanner's cache, so a record cut off by the end of the
/// buffer is simply read again from its start after a refill. Not thread-safe.
/// </remarks>
internal sealed class CsvTokenizer
{
    private readonly byte _delimiter;
    private readonly byte _quote;
    private readonly CsvStructuralScanner _scanner;
    private readonly CsvErrors _errors;

    public CsvTokenizer(byte delimiter, byte quote, CsvErrors errors)
    {
        _delimiter = delimiter;
        _quote = quote;
        _scanner = new CsvStructuralScanner(delimiter);
        _errors = errors;
    }

    /// <summary>Forgets cached scan state because the buffer's bytes moved.</summary>
    public void Reset() => _scanner.Reset();

    /// <summary>Reads the record starting at <paramref name="start"/>.</summary>
    /// <param name="data">The buffer.</param>
    /// <param name="start">The record's first byte.</param>
    /// <param name="end">Where valid data ends.</param>
    /// <param name="isFinal">Whether no data follows <paramref name="end"/>, so a record may end there.</param>
    /// <param name="line">The 1-based line the record starts on, for errors.</param>
    /// <param name="fields">Room for the fields; fields beyond it are counted but not stored.</param>
    /// <param name="record">The record's field count, end and line count when complete.</param>
    /// <returns>Whether a record was read, more data is needed, or the input is exhausted.</returns>
    /// <exception cref="ValidationException">A quoted field is malformed or not closed before the end of the input.</exception>
    public CsvRecordStatus ReadRecord(byte[] data, int start, int end, bool isFinal, long line, Span<CsvField> fields, out CsvRecord record)
    {
        record = default;
        if (start >= end)
        {
            return isFinal ? CsvRecordStatus.EndOfData : CsvRecordStatus.NeedMoreData;
        }

        int position = start;
        int count = 0;
        int lineBreaks = 0;
        bool escaped = false;
        while (true)
        {
            int terminator;
            if (position < end && data[position] == _quote)
            {
                if (!TryReadQuoted(data, position, end, isFinal, line + lineBreaks, count, out CsvField field, out int innerBreaks))
                {
                    return CsvRecordStatus.NeedMoreData;
                }

                Store(fields, count++, field);
                lineBreaks += innerBreaks;
                escaped |= field.HasEscapedQuotes;
                terminator = field.Start + field.Length + 1;
                if (terminator == end)
                {
                    // Only reachable when final: the closing quote was the last byte of the input.
                    record = new CsvRecord(count, end, lineBreaks + 1, escaped);
                    return CsvRecordStatus.Complete;
                }

                byte next = data[terminator];
                if (next != _delimiter && next != (byte)'\n' && next != (byte)'\r')
                {
                    throw _errors.AfterClosingQuote(line + lineBreaks, count, next);
                }
            }
            else
            {
                terminator = _scanner.Find(data, position, end);
                if (terminator < 0)
                {
                    if (!isFinal)
                    {
                        return CsvRecordStatus.NeedMoreData;
                    }

                    Store(fields, count++, new CsvField(position, end - position, isQuoted: false, hasEscapedQuotes: false));
                    record = new CsvRecord(count, end, lineBreaks + 1, escaped);
                    return CsvRecordStatus.Complete;
                }

                Store(fields, count++, new CsvField(position, terminator - position, isQuoted: false, hasEscapedQuotes: false));
            }

            byte separator = data[terminator];
            if (separator == _delimiter)
            {
                position = terminator + 1;
                continue;
            }

            int after = terminator + 1;
            if (separator == (byte)'\r')
            {
                if (after == end && !isFinal)
                {
                    // A CR at the end of the buffer may be the first half of a CRLF.
                    return CsvRecordStatus.NeedMoreData;
                }

                if (after < end && data[after] == (byte)'\n')
                {
                    after++;
                }
            }

            record = new CsvRecord(count, after, lineBreaks + 1, escaped);
            return CsvRecordStatus.Complete;
        }
    }

    /// <summary>Collapses the doubled quotes of a quoted field in place and shortens it.</summary>
    public static void Unescape(byte[] data, ref CsvField field, byte quote)
    {
        Span<byte> content = data.AsSpan(field.Start, field.Length);
        int written = 0;
        for (int i = 0; i < content.Length; i++)
        {
            content[written++] = content[i];
            if (content[i] == quote)
            {
                i++;
            }
        }

        field.Length = written;
        field.HasEscapedQuotes = false;
    }

    /// <summary>The line breaks (LF, CRLF or lone CR) inside some field content.</summary>
    public static int CountLineBreaks(ReadOnlySpan<byte> content)
    {
        if (content.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return 0;
        }

        int breaks = 0;
        for (int i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\n' || (content[i] == (byte)'\r' && (i + 1 == content.Length || content[i + 1] != (byte)'\n')))
            {
                breaks++;
            }
        }

        return breaks;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<CsvField> fields, int index, CsvField field)
    {
        if ((uint)index < (uint)fields.Length)
        {
            fields[index] = field;
        }
    }

    private bool TryReadQuoted(byte[] data, int open, int end, bool isFinal, long line, int fieldIndex, out CsvField field, out int lineBreaks)
    {
        field = default;
        lineBreaks = 0;
        bool escaped = false;
        int scan = open + 1;
        while (true)
        {
            int quote = data.AsSpan(scan, end - scan).IndexOf(_quote);
            if (quote < 0)
            {
                if (isFinal)
                {
                    throw _errors.UnterminatedQuote(line, fieldIndex + 1);
                }

                return false;
            }

            quote += scan;
            if (quote + 1 == end && !isFinal)
            {
                // Cannot tell a closing quote from the first half of a doubled one yet.
                return false;
            }

            if (quote + 1 < end && data[quote + 1] == _quote)
            {
                escaped = true;
                scan = quote + 2;
                continue;
            }

            field = new CsvField(open + 1, quote - open - 1, isQuoted: true, escaped);
            lineBreaks = CountLineBreaks(data.AsSpan(field.Start, field.Length));
            return true;
        }
    }
}
