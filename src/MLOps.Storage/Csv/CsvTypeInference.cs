using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>
/// Infers one column's type from sample values: the narrowest of Boolean, Int64, Float64 and
/// Timestamp that every non-null value parses as, else String. A column with no non-null value is
/// String. Inferred columns are always nullable, since rows past the sample may hold nulls.
/// </summary>
/// <remarks>Uses the same parsers as reading, so a sampled value never fails later. Not thread-safe.</remarks>
internal sealed class CsvTypeInference
{
    private bool _sawValue;
    private bool _canBeBoolean = true;
    private bool _canBeInt64 = true;
    private bool _canBeFloat64 = true;
    private bool _canBeTimestamp = true;

    /// <summary>The inferred type so far.</summary>
    public DataType Result =>
        !_sawValue ? DataType.String
        : _canBeBoolean ? DataType.Boolean
        : _canBeInt64 ? DataType.Int64
        : _canBeFloat64 ? DataType.Float64
        : _canBeTimestamp ? DataType.Timestamp
        : DataType.String;

    /// <summary>Narrows the candidates with one non-null value.</summary>
    public void Observe(ReadOnlySpan<byte> value)
    {
        _sawValue = true;
        if (_canBeBoolean && !Utf8BooleanParser.TryParse(value, out _))
        {
            _canBeBoolean = false;
        }

        if (_canBeInt64 && !Utf8NumberParser.TryParseInt64(value, out _))
        {
            _canBeInt64 = false;
        }

        if (_canBeFloat64 && !Utf8NumberParser.TryParseDouble(value, out _))
        {
            _canBeFloat64 = false;
        }

        if (_canBeTimestamp && !Utf8TimestampParser.TryParse(value, out _))
        {
            _canBeTimestamp = false;
        }
    }
}
