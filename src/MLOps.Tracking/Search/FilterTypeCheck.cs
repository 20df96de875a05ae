using System.Globalization;

namespace MLOps.Tracking.Search;

/// <summary>
/// Checks (and normalizes) the literals of a term against its field: metrics take numbers, tags and
/// inputs take text, times take Unix milliseconds or ISO 8601 (turned into stored microseconds),
/// statuses are upper-cased and must exist, LIKE patterns must be text with valid escapes.
/// </summary>
internal static class FilterTypeCheck
{
    public static IReadOnlyList<FilterValue> Check(FilterParser parser, FilterField field, FilterOperator op, IReadOnlyList<FilterValue> values)
    {
        var isLike = op is FilterOperator.Like or FilterOperator.NotLike or FilterOperator.ILike or FilterOperator.NotILike;
        var isOrdering = op is FilterOperator.Less or FilterOperator.LessOrEqual or FilterOperator.Greater or FilterOperator.GreaterOrEqual;
        var result = new List<FilterValue>(values.Count);
        foreach (var value in values)
        {
            if (isLike)
            {
                result.Add(CheckPattern(parser, field, value));
                continue;
            }

            result.Add(field.Kind switch
            {
                FieldKind.Metric => value.Value is double ? value : throw parser.Error(value.Position, $"{field} is a number; compare it with a number, not {Describe(value)}"),
                FieldKind.Param => value.Value is bool b
                    ? (isOrdering ? throw parser.Error(value.Position, $"{field} cannot be ordered against a boolean") : value with { Value = b ? "true" : "false" })
                    : value,
                FieldKind.Tag or FieldKind.Input => value.Value is string ? value : throw parser.Error(value.Position, $"{field} is text; quote the value: '{Format(value)}'"),
                _ => CheckAttribute(parser, field, value),
            });
        }

        return result;
    }

    private static FilterValue CheckPattern(FilterParser parser, FilterField field, FilterValue value)
    {
        if (field.Kind == FieldKind.Metric
            || (field.Kind == FieldKind.Attribute && SearchFields.Attributes[field.Key].Type is AttributeType.Time or AttributeType.Integer))
        {
            throw parser.Error(field.Position, $"{field} is not text; LIKE and ILIKE apply to text fields");
        }

        if (value.Value is not string pattern)
        {
            throw parser.Error(value.Position, $"a LIKE pattern is a quoted string, not {Describe(value)}");
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                if (i == pattern.Length - 1)
                {
                    throw parser.Error(value.Position, "the LIKE pattern ends with a lone '\\'; escape a backslash as '\\\\'");
                }

                i++;
            }
        }

        return value;
    }

    private static FilterValue CheckAttribute(FilterParser parser, FilterField field, FilterValue value)
    {
        var attribute = SearchFields.Attributes[field.Key];
        switch (attribute.Type)
        {
            case AttributeType.Status when value.Value is string status:
                var upper = status.ToUpperInvariant();
                return upper is "RUNNING" or "FINISHED" or "FAILED" or "KILLED"
                    ? value with { Value = upper }
                    : throw parser.Error(value.Position, $"'{status}' is not a run status; use RUNNING, FINISHED, FAILED or KILLED");
            case AttributeType.Text when value.Value is string:
                return value;
            case AttributeType.Time when value.Value is double milliseconds:
                if (Math.Abs(milliseconds) > 9e15)
                {
                    throw parser.Error(value.Position, $"{milliseconds} milliseconds is out of range for {field}");
                }

                return value with { Value = (long)Math.Round(milliseconds * 1000) };
            case AttributeType.Time when value.Value is string text:
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                    ? value with { Value = Sql.Micros.From(instant) }
                    : throw parser.Error(value.Position, $"'{text}' is not an ISO 8601 time (such as '2026-01-31T12:00:00Z') nor Unix milliseconds");
            case AttributeType.Integer when value.Value is double number:
                return number == Math.Floor(number) && Math.Abs(number) < 9e15
                    ? value with { Value = (long)number }
                    : throw parser.Error(value.Position, $"{field} is a whole number, not {Format(value)}");
            default:
                throw parser.Error(value.Position, attribute.Type is AttributeType.Time or AttributeType.Integer
                    ? $"{field} is compared with a number{(attribute.Type == AttributeType.Time ? " (Unix milliseconds) or an ISO 8601 string" : string.Empty)}, not {Describe(value)}"
                    : $"{field} is text; quote the value: '{Format(value)}'");
        }
    }

    private static string Describe(FilterValue value) => value.Value switch
    {
        string s => $"the string '{TrackingNames.Shorten(s)}'",
        bool b => b ? "TRUE" : "FALSE",
        _ => $"the number {Format(value)}",
    };

    private static string Format(FilterValue value) => value.Value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.Value.ToString() ?? string.Empty,
    };
}
