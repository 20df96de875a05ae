using System.Globalization;
using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>
/// Builds the <see cref="ValidationException"/>s of one CSV read, each naming the input, the 1-based
/// line and, where there is one, the 1-based column and its name.
/// </summary>
internal sealed class CsvErrors
{
    private readonly string _source;
    private IReadOnlyList<string>? _columnNames;
    private string _rowShape = "the first row";

    public CsvErrors(string source)
    {
        _source = source;
    }

    /// <summary>The input's name as errors show it.</summary>
    public string Source => _source;

    /// <summary>Sets the column names once the header (or schema) is known, so errors can name columns.</summary>
    public void UseColumnNames(IReadOnlyList<string> names) => _columnNames = names;

    /// <summary>Sets what fixed the number of fields, for field-count errors: "the header", "CsvOptions.Schema" or "the first row" (the default).</summary>
    public void UseRowShape(string source) => _rowShape = source;

    public ValidationException UnterminatedQuote(long line, int column) =>
        new($"{Where(line, column)}: a quoted field is not closed before the end of the input; a quote inside a quoted field must be doubled.");

    public ValidationException AfterClosingQuote(long line, int column, byte found) =>
        new($"{Where(line, column)}: unexpected {Describe(found)} after the closing quote; a quote inside a quoted field must be doubled and the field must end at the quote.");

    public ValidationException FieldCount(long line, int expected, int found) =>
        new($"{Where(line)}: expected {Count(expected)} but found {found.ToString(CultureInfo.InvariantCulture)}. Every row must have as many fields as {_rowShape}.");

    public ValidationException EmptyInput(string reason) => new($"CSV '{_source}' is empty: {reason}");

    public ValidationException InvalidUtf8(long line, int column) =>
        new($"{Where(line, column)}: the field is not valid UTF-8; CSV input must be UTF-8 text.");

    public ValidationException NullInNonNullable(long line, int column) =>
        new($"{Where(line, column)}: null value in a column the schema declares non-nullable.");

    public ValidationException BadValue(long line, int column, ReadOnlySpan<byte> text, DataType type, CsvTypeOrigin origin)
    {
        string name = NameOf(column);
        string advice = origin switch
        {
            CsvTypeOrigin.Inferred => $" The type was inferred from the sample rows; set CsvOptions.ColumnTypes[\"{name}\"] (for example to DataType.String) or CsvOptions.Schema to override it.",
            CsvTypeOrigin.Override => $" The type comes from CsvOptions.ColumnTypes[\"{name}\"].",
            _ => " The type comes from CsvOptions.Schema.",
        };
        return new($"{Where(line, column)}: '{Utf8Text.Excerpt(text)}' is not a valid {type.ToString()}.{advice}");
    }

    public ValidationException Header(string problem) => new($"CSV '{_source}' line 1 (the header): {problem}");

    public ValidationException Schema(string problem) => new($"CSV '{_source}': {problem}");

    private string Where(long line) => $"CSV '{_source}' line {line.ToString(CultureInfo.InvariantCulture)}";

    private string Where(long line, int column)
    {
        string number = column.ToString(CultureInfo.InvariantCulture);
        return _columnNames is not null && column <= _columnNames.Count
            ? $"{Where(line)}, column {number} '{_columnNames[column - 1]}'"
            : $"{Where(line)}, column {number}";
    }

    private string NameOf(int column) =>
        _columnNames is not null && column <= _columnNames.Count ? _columnNames[column - 1] : "column" + column.ToString(CultureInfo.InvariantCulture);

    private static string Count(int fields) => fields == 1 ? "1 field" : fields.ToString(CultureInfo.InvariantCulture) + " fields";

    private static string Describe(byte value) =>
        value is >= 0x21 and < 0x7F ? $"'{(char)value}'" : $"byte 0x{value.ToString("X2", CultureInfo.InvariantCulture)}";
}
