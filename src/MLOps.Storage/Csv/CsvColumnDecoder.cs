using System.Runtime.CompilerServices;
using System.Text.Unicode;
using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>
/// Converts one column of a block of records from field bytes straight into its typed column
/// builder: no strings are made for numbers, booleans or timestamps.
/// </summary>
/// <remarks>Not thread-safe: it appends to its builder.</remarks>
internal sealed class CsvColumnDecoder
{
    private readonly CsvColumnPlan _plan;
    private readonly DataType _type;
    private readonly CsvNullTokens _nulls;
    private readonly CsvErrors _errors;

    // Null tokens are normally checked only after a value fails to parse; when a token would parse
    // (say "NaN" in a Float64 column), it must be checked first so that it still means null.
    private readonly bool _nullsFirst;

    private readonly BooleanColumnBuilder? _boolean;
    private readonly Int32ColumnBuilder? _int32;
    private readonly Int64ColumnBuilder? _int64;
    private readonly Float32ColumnBuilder? _float32;
    private readonly Float64ColumnBuilder? _float64;
    private readonly TimestampColumnBuilder? _timestamp;
    private readonly StringColumnBuilder? _string;

    public CsvColumnDecoder(CsvColumnPlan plan, ColumnBuilder builder, CsvNullTokens nulls, CsvErrors errors)
    {
        _plan = plan;
        _type = plan.Field.Type;
        _nulls = nulls;
        _errors = errors;
        _boolean = builder as BooleanColumnBuilder;
        _int32 = builder as Int32ColumnBuilder;
        _int64 = builder as Int64ColumnBuilder;
        _float32 = builder as Float32ColumnBuilder;
        _float64 = builder as Float64ColumnBuilder;
        _timestamp = builder as TimestampColumnBuilder;
        _string = builder as StringColumnBuilder;
        Builder = builder;
        _nullsFirst = _type == DataType.String || nulls.AnyParses(token => Parses(_type, token));
    }

    /// <summary>The builder the values go to.</summary>
    public ColumnBuilder Builder { get; }

    /// <summary>Appends rows <c>[firstRow, firstRow + rowCount)</c> of this column of <paramref name="block"/>.</summary>
    /// <exception cref="ValidationException">A value does not parse as the column's type, or a null is in a non-nullable column.</exception>
    public void Decode(byte[] data, CsvRowBlock block, int firstRow, int rowCount)
    {
        // The numeric loops are the hot path (hundreds of MB/s); they get their own tight copies.
        if (_float64 is not null && !_nullsFirst)
        {
            DecodeFloat64(data, block, firstRow, rowCount, _float64);
            return;
        }

        if (_int64 is not null && !_nullsFirst)
        {
            DecodeInt64(data, block, firstRow, rowCount, _int64);
            return;
        }

        CsvField[] fields = block.Fields;
        int stride = block.ColumnCount;
        int index = (firstRow * stride) + _plan.FileColumn;
        int end = firstRow + rowCount;
        for (int row = firstRow; row < end; row++, index += stride)
        {
            CsvField field = fields[index];
            ReadOnlySpan<byte> text = new(data, field.Start, field.Length);
            if (_nullsFirst && !field.IsQuoted && _nulls.Matches(text))
            {
                AppendNull(data, block, row);
            }
            else if (!TryAppend(text))
            {
                AppendNullOrFail(data, block, row, field, text);
            }
        }
    }

    private void DecodeFloat64(byte[] data, CsvRowBlock block, int firstRow, int rowCount, Float64ColumnBuilder builder)
    {
        CsvField[] fields = block.Fields;
        int stride = block.ColumnCount;
        int index = (firstRow * stride) + _plan.FileColumn;
        int end = firstRow + rowCount;
        for (int row = firstRow; row < end; row++, index += stride)
        {
            ref readonly CsvField field = ref fields[index];
            ReadOnlySpan<byte> text = new(data, field.Start, field.Length);
            if (Utf8NumberParser.TryParseDouble(text, out double value))
            {
                builder.Append(value);
            }
            else
            {
                AppendNullOrFail(data, block, row, field, text);
            }
        }
    }

    private void DecodeInt64(byte[] data, CsvRowBlock block, int firstRow, int rowCount, Int64ColumnBuilder builder)
    {
        CsvField[] fields = block.Fields;
        int stride = block.ColumnCount;
        int index = (firstRow * stride) + _plan.FileColumn;
        int end = firstRow + rowCount;
        for (int row = firstRow; row < end; row++, index += stride)
        {
            ref readonly CsvField field = ref fields[index];
            ReadOnlySpan<byte> text = new(data, field.Start, field.Length);
            if (Utf8NumberParser.TryParseInt64(text, out long value))
            {
                builder.Append(value);
            }
            else
            {
                AppendNullOrFail(data, block, row, field, text);
            }
        }
    }

    private static bool Parses(DataType type, ReadOnlySpan<byte> text) => type switch
    {
        DataType.Boolean => Utf8BooleanParser.TryParse(text, out _),
        DataType.Int32 => Utf8NumberParser.TryParseInt32(text, out _),
        DataType.Int64 => Utf8NumberParser.TryParseInt64(text, out _),
        DataType.Float32 => Utf8NumberParser.TryParseSingle(text, out _),
        DataType.Float64 => Utf8NumberParser.TryParseDouble(text, out _),
        DataType.Timestamp => Utf8TimestampParser.TryParse(text, out _),
        _ => true,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryAppend(ReadOnlySpan<byte> text)
    {
        switch (_type)
        {
            case DataType.Float64:
                if (Utf8NumberParser.TryParseDouble(text, out double float64))
                {
                    _float64!.Append(float64);
                    return true;
                }

                return false;
            case DataType.Int64:
                if (Utf8NumberParser.TryParseInt64(text, out long int64))
                {
                    _int64!.Append(int64);
                    return true;
                }

                return false;
            case DataType.String:
                if (Utf8.IsValid(text))
                {
                    _string!.Append(text);
                    return true;
                }

                return false;
            default:
                return TryAppendOther(text);
        }
    }

    private bool TryAppendOther(ReadOnlySpan<byte> text)
    {
        switch (_type)
        {
            case DataType.Boolean when Utf8BooleanParser.TryParse(text, out bool boolean):
                _boolean!.Append(boolean);
                return true;
            case DataType.Int32 when Utf8NumberParser.TryParseInt32(text, out int int32):
                _int32!.Append(int32);
                return true;
            case DataType.Float32 when Utf8NumberParser.TryParseSingle(text, out float float32):
                _float32!.Append(float32);
                return true;
            case DataType.Timestamp when Utf8TimestampParser.TryParse(text, out long micros):
                _timestamp!.Append(micros);
                return true;
            default:
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendNullOrFail(byte[] data, CsvRowBlock block, int row, CsvField field, ReadOnlySpan<byte> text)
    {
        if (!_nullsFirst && !field.IsQuoted && _nulls.Matches(text))
        {
            AppendNull(data, block, row);
            return;
        }

        long line = LineOf(data, block, row);
        int column = _plan.FileColumn + 1;
        throw _type == DataType.String
            ? _errors.InvalidUtf8(line, column)
            : _errors.BadValue(line, column, text, _type, _plan.Origin);
    }

    private void AppendNull(byte[] data, CsvRowBlock block, int row)
    {
        if (!_plan.Field.IsNullable)
        {
            throw _errors.NullInNonNullable(LineOf(data, block, row), _plan.FileColumn + 1);
        }

        Builder.AppendNull();
    }

    // The line the field starts on: the record's first line plus the line breaks inside the quoted fields before it.
    private long LineOf(byte[] data, CsvRowBlock block, int row)
    {
        long line = block.LineOf(row);
        int first = row * block.ColumnCount;
        for (int i = first; i < first + _plan.FileColumn; i++)
        {
            CsvField before = block.Fields[i];
            if (before.IsQuoted)
            {
                line += CsvTokenizer.CountLineBreaks(data.AsSpan(before.Start, before.Length));
            }
        }

        return line;
    }
}
