namespace MLOps.Tracking;

/// <summary>A registered model: a name under which versions are numbered, with a description, tags and aliases. An immutable snapshot.</summary>
/// <param name="Name">The model name (the lineage NAME grammar).</param>
/// <param name="Description">The description, or null.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it, a tag, an alias or a version last changed.</param>
/// <param name="LatestVersion">The highest version number, or null before the first version.</param>
/// <param name="Tags">The model's tags.</param>
/// <param name="Aliases">Each alias and the version it points to.</param>
public sealed record RegisteredModel(
    string Name,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int? LatestVersion,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, int> Aliases);
