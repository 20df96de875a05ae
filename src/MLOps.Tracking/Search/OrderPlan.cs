using MLOps.Tracking.Schema;

namespace MLOps.Tracking.Search;

/// <summary>
/// How a run search walks its order. Phase 1 reads the runs that have the order field, straight from
/// that field's index (the metric summaries, params or tags table, or the runs table for attributes),
/// so the first page of 100 costs 100 index steps plus the filter's lookups. Phase 2 then reads the
/// runs lacking the field (or with a NaN metric), by run seq. The keyset is (value, run seq) in phase 1
/// and run seq in phase 2.
/// </summary>
internal sealed class OrderPlan
{
    public OrderPlan(OrderTerm term, TrackingTables tables, SqlParameters parameters)
    {
        Descending = term.Descending;
        var field = term.Field;
        switch (field.Kind)
        {
            case FieldKind.Metric:
                var column = field.Aggregate switch
                {
                    MetricAggregate.Min => "min_value",
                    MetricAggregate.Max => "max_value",
                    _ => "last_value",
                };
                var metricKey = parameters.Add(field.Key);
                From = $"{tables.Summaries} o JOIN {tables.Runs} r ON r.run_seq = o.run_seq";
                Present = $"o.key = {metricKey} AND o.{column} IS NOT NULL";
                Absent = $"NOT EXISTS (SELECT 1 FROM {tables.Summaries} o WHERE o.run_seq = r.run_seq AND o.key = {metricKey} AND o.{column} IS NOT NULL)";
                Value = "o." + column;
                Seq = "o.run_seq";
                ValueKind = OrderValueKind.Number;
                break;
            case FieldKind.Param or FieldKind.Tag:
                var table = field.Kind == FieldKind.Param ? tables.Params : tables.Tags;
                var key = parameters.Add(field.Key);
                From = $"{table} o JOIN {tables.Runs} r ON r.run_seq = o.run_seq";
                Present = $"o.key = {key}";
                Absent = $"NOT EXISTS (SELECT 1 FROM {table} o WHERE o.run_seq = r.run_seq AND o.key = {key})";
                Value = field.Kind == FieldKind.Param ? "o.sort_key" : "o.value";
                Seq = "o.run_seq";
                ValueKind = OrderValueKind.Text;
                break;
            default:
                var attribute = SearchFields.Attributes[field.Key];
                From = $"{tables.Runs} r";
                Value = "r." + attribute.Column;
                Present = attribute.Nullable ? $"{Value} IS NOT NULL" : null;
                Absent = attribute.Nullable ? $"{Value} IS NULL" : null;
                Seq = "r.run_seq";
                ValueKind = attribute.Type is AttributeType.Time or AttributeType.Integer ? OrderValueKind.Integer : OrderValueKind.Text;
                break;
        }
    }

    public bool Descending { get; }

    /// <summary>The FROM clause of phase 1 (the runs table is always aliased <c>r</c>).</summary>
    public string From { get; }

    /// <summary>Phase 1's condition that the run has the field, or null when every run has it.</summary>
    public string? Present { get; }

    /// <summary>Phase 2's condition that the run lacks the field, or null when there is no phase 2.</summary>
    public string? Absent { get; }

    /// <summary>The order value's expression in phase 1.</summary>
    public string Value { get; }

    /// <summary>The run seq expression of phase 1 (from the ordered index, so the index order serves the ORDER BY).</summary>
    public string Seq { get; }

    public OrderValueKind ValueKind { get; }

    public string Direction => Descending ? "DESC" : "ASC";

    public string After => Descending ? "<" : ">";
}
