namespace MLOps.Tracking.Search;

/// <summary>A parsed order: a field and a direction.</summary>
internal sealed record OrderTerm(FilterField Field, bool Descending)
{
    public static OrderTerm Default { get; } = new(new FilterField(FieldKind.Attribute, "start_time", MetricAggregate.Last, 0), Descending: true);
}
