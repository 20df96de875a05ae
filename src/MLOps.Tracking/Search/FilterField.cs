namespace MLOps.Tracking.Search;

/// <summary>A field named in a filter or order: its kind, its key (or attribute/input field name) and where it starts.</summary>
internal sealed record FilterField(FieldKind Kind, string Key, MetricAggregate Aggregate, int Position)
{
    /// <summary>The field as the user could write it, for messages.</summary>
    public override string ToString() => Kind switch
    {
        FieldKind.Metric => Aggregate == MetricAggregate.Last ? $"metrics.{Key}" : $"metrics.{Key}.{Aggregate.ToString().ToLowerInvariant()}",
        FieldKind.Param => $"params.{Key}",
        FieldKind.Tag => $"tags.{Key}",
        FieldKind.Input => $"inputs.{Key}",
        _ => $"attributes.{Key}",
    };
}
