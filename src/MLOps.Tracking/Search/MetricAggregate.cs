namespace MLOps.Tracking.Search;

/// <summary>Which stored summary of a metric a field reads.</summary>
internal enum MetricAggregate
{
    Last,
    Min,
    Max,
}
