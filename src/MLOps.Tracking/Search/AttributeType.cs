namespace MLOps.Tracking.Search;

/// <summary>How an attribute's values are written in a filter.</summary>
internal enum AttributeType
{
    /// <summary>Text compared as is.</summary>
    Text,

    /// <summary>A run status name (case-insensitive in filters, stored upper-case).</summary>
    Status,

    /// <summary>An instant: Unix milliseconds or an ISO 8601 string; stored as microseconds.</summary>
    Time,

    /// <summary>A whole number.</summary>
    Integer,
}
