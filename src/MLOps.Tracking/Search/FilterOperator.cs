namespace MLOps.Tracking.Search;

/// <summary>The comparison of a filter term.</summary>
internal enum FilterOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    NotIn,
    Like,
    NotLike,
    ILike,
    NotILike,
    IsNull,
    IsNotNull,
}
