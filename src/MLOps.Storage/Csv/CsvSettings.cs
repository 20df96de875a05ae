using System.Globalization;
using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>
/// A validated, immutable snapshot of <see cref="CsvOptions"/>, taken when a read or write starts so
/// that later changes to the options object cannot affect it midway.
/// </summary>
internal sealed class CsvSettings
{
    private CsvSettings(CsvOptions options)
    {
        HasHeader = options.HasHeader;
        Delimiter = (byte)options.Delimiter;
        Quote = (byte)options.Quote;
        NullTokens = new CsvNullTokens(options.NullValues);
        Schema = options.Schema;
        ColumnTypes = new Dictionary<string, DataType>(options.ColumnTypes, StringComparer.Ordinal);
        InferenceSampleRows = options.InferenceSampleRows;
        ChunkRows = options.ChunkRows;
        SourceName = options.SourceName;
        BufferSize = options.BufferSize;
    }

    public bool HasHeader { get; }

    public byte Delimiter { get; }

    public byte Quote { get; }

    public CsvNullTokens NullTokens { get; }

    public Schema? Schema { get; }

    public IReadOnlyDictionary<string, DataType> ColumnTypes { get; }

    public int InferenceSampleRows { get; }

    public int ChunkRows { get; }

    public string? SourceName { get; }

    public int BufferSize { get; }

    /// <summary>Validates <paramref name="options"/> (the defaults when null) and snapshots them.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public static CsvSettings From(CsvOptions? options)
    {
        options ??= new CsvOptions();
        CheckSeparator(options.Delimiter, nameof(CsvOptions.Delimiter));
        CheckSeparator(options.Quote, nameof(CsvOptions.Quote));
        if (options.Delimiter == options.Quote)
        {
            throw new ValidationException(
                $"CsvOptions.Delimiter and CsvOptions.Quote are both {Describe(options.Delimiter)}; they must differ.");
        }

        if (options.NullValues is null)
        {
            throw new ValidationException("CsvOptions.NullValues is null; use an empty list for no null tokens.");
        }

        foreach (string? token in options.NullValues)
        {
            if (token is null)
            {
                throw new ValidationException("CsvOptions.NullValues contains a null entry.");
            }

            if (token.Contains(options.Delimiter, StringComparison.Ordinal) || token.Contains(options.Quote, StringComparison.Ordinal)
                || token.Contains('\r', StringComparison.Ordinal) || token.Contains('\n', StringComparison.Ordinal))
            {
                throw new ValidationException(
                    $"CsvOptions.NullValues entry '{token}' contains the delimiter, the quote, CR or LF, so it could never match an unquoted field.");
            }
        }

        if (options.ColumnTypes is null)
        {
            throw new ValidationException("CsvOptions.ColumnTypes is null; use an empty dictionary for no overrides.");
        }

        if (options.Schema is not null && options.ColumnTypes.Count > 0)
        {
            throw new ValidationException(
                "CsvOptions.Schema and CsvOptions.ColumnTypes are both set; give the full schema or per-column overrides, not both.");
        }

        foreach (KeyValuePair<string, DataType> pair in options.ColumnTypes)
        {
            if (!Enum.IsDefined(pair.Value))
            {
                throw new ValidationException($"CsvOptions.ColumnTypes['{pair.Key}'] is {pair.Value.ToString()}, which is not a DataType.");
            }
        }

        CheckPositive(options.InferenceSampleRows, nameof(CsvOptions.InferenceSampleRows));
        CheckPositive(options.ChunkRows, nameof(CsvOptions.ChunkRows));
        if (options.BufferSize < 1)
        {
            throw new ValidationException($"CsvOptions.BufferSize is {options.BufferSize.ToString(CultureInfo.InvariantCulture)}; it must be at least 1.");
        }

        return new CsvSettings(options);
    }

    private static void CheckSeparator(char value, string name)
    {
        if (value is > (char)127 or '\r' or '\n')
        {
            throw new ValidationException(
                $"CsvOptions.{name} is {Describe(value)}; it must be an ASCII character other than CR and LF.");
        }
    }

    private static void CheckPositive(int value, string name)
    {
        if (value < 1)
        {
            throw new ValidationException($"CsvOptions.{name} is {value.ToString(CultureInfo.InvariantCulture)}; it must be at least 1.");
        }
    }

    private static string Describe(char value) =>
        char.IsControl(value) || char.IsWhiteSpace(value)
            ? $"U+{((int)value).ToString("X4", CultureInfo.InvariantCulture)}"
            : $"'{value}'";
}
