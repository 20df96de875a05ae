using System.Globalization;
using System.Text;
using System.Text.Unicode;
using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>
/// Decides each file column's name and type: from the header and <see cref="CsvOptions.Schema"/>,
/// or by inference over the sample rows with <see cref="CsvOptions.ColumnTypes"/> on top.
/// </summary>
internal static class CsvSchemaResolver
{
    /// <summary>The names of header-less columns: <c>column1</c>, <c>column2</c>, ….</summary>
    public static string[] DefaultNames(int count) =>
        Enumerable.Range(1, count).Select(DefaultName).ToArray();

    /// <summary>Decodes the header's names; blank names become <c>column{n}</c>.</summary>
    /// <exception cref="ValidationException">A name is not UTF-8 or appears twice.</exception>
    public static string[] HeaderNames(byte[] data, Span<CsvField> fields, byte quote, CsvErrors errors)
    {
        var names = new string[fields.Length];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < fields.Length; i++)
        {
            if (fields[i].HasEscapedQuotes)
            {
                CsvTokenizer.Unescape(data, ref fields[i], quote);
            }

            ReadOnlySpan<byte> text = data.AsSpan(fields[i].Start, fields[i].Length);
            if (!Utf8.IsValid(text))
            {
                throw errors.InvalidUtf8(1, i + 1);
            }

            string name = Encoding.UTF8.GetString(text);
            names[i] = string.IsNullOrWhiteSpace(name) ? DefaultName(i + 1) : name;
            if (!seen.TryAdd(names[i], i + 1))
            {
                throw errors.Header(
                    $"the column name '{names[i]}' appears twice, as columns {seen[names[i]].ToString(CultureInfo.InvariantCulture)} and {(i + 1).ToString(CultureInfo.InvariantCulture)}; column names must be unique.");
            }
        }

        return names;
    }

    /// <summary>Maps the file's columns onto a given schema: by header name when there is a header, else by position.</summary>
    /// <exception cref="ValidationException">The header does not name exactly the schema's columns.</exception>
    public static CsvColumnPlan[] FromSchema(Schema schema, IReadOnlyList<string>? header, CsvErrors errors)
    {
        if (header is null)
        {
            return schema.Select((field, i) => new CsvColumnPlan(i, i, field, CsvTypeOrigin.Schema)).ToArray();
        }

        bool sameColumns = header.Count == schema.Count && header.All(name => schema.IndexOf(name) >= 0);
        if (!sameColumns)
        {
            throw errors.Header(
                $"the header names the columns {List(header)} but CsvOptions.Schema has {List(schema.Select(field => field.Name))}; they must name the same columns, in any order.");
        }

        return header.Select((name, i) => new CsvColumnPlan(i, schema.IndexOf(name), schema[name], CsvTypeOrigin.Schema)).ToArray();
    }

    /// <summary>Checks that every <see cref="CsvOptions.ColumnTypes"/> entry names a column of the file.</summary>
    /// <exception cref="ValidationException">An entry names a column the file does not have.</exception>
    public static void CheckOverrides(IReadOnlyList<string> names, IReadOnlyDictionary<string, DataType> overrides, CsvErrors errors)
    {
        foreach (string name in overrides.Keys)
        {
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                throw errors.Schema($"CsvOptions.ColumnTypes names the column '{name}', which the file does not have; its columns are {List(names)}.");
            }
        }
    }

    /// <summary>Types each column: its override if any, else the narrowest type that fits every sampled value.</summary>
    public static CsvColumnPlan[] Infer(
        IReadOnlyList<string> names, IReadOnlyDictionary<string, DataType> overrides, CsvRowBlock? sample, CsvNullTokens nulls)
    {
        var plans = new CsvColumnPlan[names.Count];
        for (int column = 0; column < names.Count; column++)
        {
            string name = names[column];
            if (overrides.TryGetValue(name, out DataType type))
            {
                plans[column] = new CsvColumnPlan(column, column, new Field(name, type), CsvTypeOrigin.Override);
                continue;
            }

            var inference = new CsvTypeInference();
            for (int row = 0; sample is not null && row < sample.RowCount; row++)
            {
                CsvField field = sample.Fields[(row * sample.ColumnCount) + column];
                ReadOnlySpan<byte> text = sample.Data.AsSpan(field.Start, field.Length);
                if (field.IsQuoted || !nulls.Matches(text))
                {
                    inference.Observe(text);
                }
            }

            plans[column] = new CsvColumnPlan(column, column, new Field(name, inference.Result), CsvTypeOrigin.Inferred);
        }

        return plans;
    }

    private static string DefaultName(int number) => "column" + number.ToString(CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> names) => "[" + string.Join(", ", names) + "]";
}
