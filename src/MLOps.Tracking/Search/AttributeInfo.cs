namespace MLOps.Tracking.Search;

/// <summary>An attribute of the filter language: its canonical name, its column in the runs table, its type and whether it can be absent.</summary>
internal sealed record AttributeInfo(string Name, string Column, AttributeType Type, bool Nullable);
