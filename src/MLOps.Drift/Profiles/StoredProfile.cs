namespace MLOps.Drift;

/// <summary>A stored version of a named reference profile.</summary>
/// <param name="Name">The profile's name.</param>
/// <param name="Version">The version, 1, 2, 3 … per name.</param>
/// <param name="BlobHash">The blob holding the profile's content.</param>
/// <param name="RowCount">The reference's row count.</param>
/// <param name="ColumnCount">The number of columns profiled.</param>
/// <param name="CreatedAt">When it was stored.</param>
public sealed record StoredProfile(string Name, long Version, ContentHash BlobHash, long RowCount, int ColumnCount, DateTimeOffset CreatedAt);
