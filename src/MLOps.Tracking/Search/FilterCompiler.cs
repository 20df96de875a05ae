using System.Globalization;
using System.Text;
using MLOps.Tracking.Schema;

namespace MLOps.Tracking.Search;

/// <summary>
/// Compiles a parsed filter to a SQL condition over the runs table aliased <c>r</c>. Field names map to
/// fixed columns (<see cref="SearchFields"/>); keys and literals become parameters. Every term is
/// two-valued (never SQL NULL), so <c>NOT</c> is plain negation: a run lacking a field fails a comparison
/// on it and passes its negation.
/// </summary>
internal sealed class FilterCompiler(TrackingTables tables, bool isSqlite, SqlParameters parameters)
{
    private int _aliases;

    public string Compile(FilterNode node) => node switch
    {
        FilterLogical logical => $"({Compile(logical.Left)} {(logical.IsAnd ? "AND" : "OR")} {Compile(logical.Right)})",
        FilterNot not => $"(NOT {Compile(not.Inner)})",
        FilterComparison comparison => Term(comparison),
        _ => throw new InvalidOperationException($"Unknown filter node {node.GetType().Name}."),
    };

    private string Term(FilterComparison term)
    {
        var field = term.Field;
        if (field.Kind == FieldKind.Attribute)
        {
            var attribute = SearchFields.Attributes[field.Key];
            var column = "r." + attribute.Column;
            return term.Operator switch
            {
                FilterOperator.IsNull => attribute.Nullable ? $"{column} IS NULL" : "1 = 0",
                FilterOperator.IsNotNull => attribute.Nullable ? $"{column} IS NOT NULL" : "1 = 1",
                _ => Predicate(column, attribute.Nullable, term.Operator, term.Values),
            };
        }

        var alias = field.Kind switch
        {
            FieldKind.Metric => "m",
            FieldKind.Param => "p",
            FieldKind.Tag => "t",
            _ => "i",
        } + (_aliases++).ToString(CultureInfo.InvariantCulture);
        var exists = new StringBuilder("EXISTS (SELECT 1 FROM ");
        switch (field.Kind)
        {
            case FieldKind.Metric:
                exists.Append(tables.Summaries).Append(' ').Append(alias).Append(" WHERE ").Append(alias).Append(".run_seq = r.run_seq AND ")
                    .Append(alias).Append(".key = ").Append(parameters.Add(field.Key));
                break;
            case FieldKind.Param:
                exists.Append(tables.Params).Append(' ').Append(alias).Append(" WHERE ").Append(alias).Append(".run_seq = r.run_seq AND ")
                    .Append(alias).Append(".key = ").Append(parameters.Add(field.Key));
                break;
            case FieldKind.Tag:
                exists.Append(tables.Tags).Append(' ').Append(alias).Append(" WHERE ").Append(alias).Append(".run_seq = r.run_seq AND ")
                    .Append(alias).Append(".key = ").Append(parameters.Add(field.Key));
                break;
            default:
                exists.Append(tables.Inputs).Append(' ').Append(alias).Append(" WHERE ").Append(alias).Append(".run_seq = r.run_seq");
                if (SearchFields.Inputs[field.Key].Kind is { } kind)
                {
                    exists.Append(" AND ").Append(alias).Append(".kind = ").Append(parameters.Add(kind));
                }

                break;
        }

        if (term.Operator is FilterOperator.IsNull or FilterOperator.IsNotNull)
        {
            if (field.Kind == FieldKind.Input && SearchFields.Inputs[field.Key].Column is "context" or "version")
            {
                exists.Append(" AND ").Append(alias).Append('.').Append(SearchFields.Inputs[field.Key].Column).Append(" IS NOT NULL");
            }

            exists.Append(')');
            return term.Operator == FilterOperator.IsNull ? $"(NOT {exists})" : exists.ToString();
        }

        exists.Append(" AND ").Append(ValueCondition(alias, term)).Append(')');
        return exists.ToString();
    }

    private string ValueCondition(string alias, FilterComparison term)
    {
        switch (term.Field.Kind)
        {
            case FieldKind.Metric:
                var column = term.Field.Aggregate switch
                {
                    MetricAggregate.Min => "min_value",
                    MetricAggregate.Max => "max_value",
                    _ => "last_value",
                };

                // NaN is stored as NULL: it fails every comparison.
                return Predicate($"{alias}.{column}", nullable: true, term.Operator, term.Values);
            case FieldKind.Param:
                return ParamCondition(alias, term);
            case FieldKind.Tag:
                return Predicate($"{alias}.value", nullable: false, term.Operator, term.Values);
            default:
                var inputColumn = SearchFields.Inputs[term.Field.Key].Column;
                return Predicate($"{alias}.{inputColumn}", inputColumn is "context" or "version", term.Operator, term.Values);
        }
    }

    // Numbers compare with a param's numeric value (integer, float or boolean params), text with its
    // canonical text; an IN list may mix both.
    private string ParamCondition(string alias, FilterComparison term)
    {
        var numbers = term.Values.Where(v => v.Value is double).ToList();
        var texts = term.Values.Where(v => v.Value is not double).ToList();
        if (term.Operator is FilterOperator.In or FilterOperator.NotIn)
        {
            var parts = new List<string>();
            if (numbers.Count > 0)
            {
                parts.Add(Predicate($"{alias}.value_num", nullable: true, FilterOperator.In, numbers));
            }

            if (texts.Count > 0)
            {
                parts.Add(Predicate($"{alias}.value_text", nullable: false, FilterOperator.In, texts));
            }

            var any = parts.Count == 1 ? parts[0] : $"({string.Join(" OR ", parts)})";
            return term.Operator == FilterOperator.In ? any : $"(NOT {any})";
        }

        return numbers.Count > 0
            ? Predicate($"{alias}.value_num", nullable: true, term.Operator, term.Values)
            : Predicate($"{alias}.value_text", nullable: false, term.Operator, term.Values);
    }

    private string Predicate(string column, bool nullable, FilterOperator op, IReadOnlyList<FilterValue> values)
    {
        var predicate = op switch
        {
            FilterOperator.Equal => $"{column} = {parameters.Add(values[0].Value)}",
            FilterOperator.NotEqual => $"{column} <> {parameters.Add(values[0].Value)}",
            FilterOperator.Less => $"{column} < {parameters.Add(values[0].Value)}",
            FilterOperator.LessOrEqual => $"{column} <= {parameters.Add(values[0].Value)}",
            FilterOperator.Greater => $"{column} > {parameters.Add(values[0].Value)}",
            FilterOperator.GreaterOrEqual => $"{column} >= {parameters.Add(values[0].Value)}",
            FilterOperator.In => $"{column} IN ({string.Join(", ", values.Select(v => parameters.Add(v.Value)))})",
            FilterOperator.NotIn => $"{column} NOT IN ({string.Join(", ", values.Select(v => parameters.Add(v.Value)))})",
            FilterOperator.Like => Like(column, (string)values[0].Value, caseSensitive: true),
            FilterOperator.NotLike => $"NOT ({Like(column, (string)values[0].Value, caseSensitive: true)})",
            FilterOperator.ILike => Like(column, (string)values[0].Value, caseSensitive: false),
            FilterOperator.NotILike => $"NOT ({Like(column, (string)values[0].Value, caseSensitive: false)})",
            _ => throw new InvalidOperationException($"Operator {op} has no predicate."),
        };

        // A comparison with a NULL column would be SQL NULL, which NOT cannot negate: make it false.
        return nullable ? $"({column} IS NOT NULL AND {predicate})" : predicate;
    }

    private string Like(string column, string pattern, bool caseSensitive)
    {
        if (!isSqlite)
        {
            return $"{column} {(caseSensitive ? "LIKE" : "ILIKE")} {parameters.Add(pattern)}";
        }

        // SQLite's LIKE ignores ASCII case; its GLOB is case-sensitive, so a case-sensitive LIKE
        // pattern is translated to GLOB.
        return caseSensitive
            ? $"{column} GLOB {parameters.Add(LikePattern.ToGlob(pattern))}"
            : $"{column} LIKE {parameters.Add(pattern)} ESCAPE '\\'";
    }
}
