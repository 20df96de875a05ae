namespace MLOps.Tracking;

/// <summary>One move of a model alias, as kept in its audit history.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="Alias">The alias.</param>
/// <param name="FromVersion">The version it pointed to before, or null when it was created.</param>
/// <param name="ToVersion">The version it points to after, or null when it was deleted.</param>
/// <param name="ChangedAt">When it moved.</param>
/// <param name="ChangedBy">Who moved it, or null.</param>
public sealed record AliasChange(string ModelName, string Alias, int? FromVersion, int? ToVersion, DateTimeOffset ChangedAt, string? ChangedBy);
