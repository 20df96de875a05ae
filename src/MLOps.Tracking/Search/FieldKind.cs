namespace MLOps.Tracking.Search;

/// <summary>What a filter field reads.</summary>
internal enum FieldKind
{
    Attribute,
    Param,
    Metric,
    Tag,
    Input,
}
