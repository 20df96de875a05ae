namespace MLOps.Tracking.Search;

/// <summary>One term: a field, an operator and its values (none for IS [NOT] NULL, several for IN).</summary>
internal sealed record FilterComparison(FilterField Field, FilterOperator Operator, IReadOnlyList<FilterValue> Values) : FilterNode;
