using System.Globalization;
using System.Text;
using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>
/// Join key values of a batch, read once: one int64 per row when the key is a single integer column
/// (the fast path, no per-row allocation), otherwise one canonical string per row.
/// </summary>
internal sealed class JoinKeys
{
    /// <summary>The separator between the values of a composite key in its text form.</summary>
    public const char Separator = '\u001f';

    private JoinKeys(ReadOnlyMemory<long>? integers, string?[]? texts, byte[]? nulls)
    {
        Integers = integers;
        Texts = texts;
        Nulls = nulls;
    }

    /// <summary>The integer keys (the column's own buffer when it is int64: no copy), or null on the text path.</summary>
    public ReadOnlyMemory<long>? Integers { get; }

    public string?[]? Texts { get; }

    /// <summary>1 where a row's key has a null part (integer path only; text path uses null strings).</summary>
    public byte[]? Nulls { get; }

    public bool IsInteger => Integers is not null;

    public static bool CanUseIntegers(IReadOnlyList<Column> columns) =>
        columns.Count == 1 && columns[0].Type is DataType.Int64 or DataType.Int32;

    public static JoinKeys Read(IReadOnlyList<Column> columns, bool integers)
    {
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        if (integers)
        {
            var column = columns[0];
            ReadOnlyMemory<long> values;
            if (column is Int64Column int64)
            {
                values = int64.ValueMemory;
            }
            else
            {
                var widened = new long[rows];
                var int32 = ((Int32Column)column).Values;
                for (var i = 0; i < rows; i++)
                {
                    widened[i] = int32[i];
                }

                values = widened;
            }

            byte[]? nulls = null;
            if (column.NullCount > 0)
            {
                nulls = new byte[rows];
                for (var i = 0; i < rows; i++)
                {
                    nulls[i] = column.IsNull(i) ? (byte)1 : (byte)0;
                }
            }

            return new JoinKeys(values, null, nulls);
        }

        var texts = new string?[rows];
        var parts = new object?[columns.Count];
        for (var i = 0; i < rows; i++)
        {
            var isNull = false;
            for (var c = 0; c < columns.Count; c++)
            {
                parts[c] = columns[c].GetValue(i);
                isNull |= parts[c] is null;
            }

            texts[i] = isNull ? null : Format(parts);
        }

        return new JoinKeys(null, texts, null);
    }

    /// <summary>The canonical text of a key: each value formatted invariantly, joined by <see cref="Separator"/>.</summary>
    public static string Format(IReadOnlyList<object?> values)
    {
        if (values.Count == 1)
        {
            return FormatValue(values[0]);
        }

        var text = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                text.Append(Separator);
            }

            text.Append(FormatValue(values[i]));
        }

        return text.ToString();
    }

    private static string FormatValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
