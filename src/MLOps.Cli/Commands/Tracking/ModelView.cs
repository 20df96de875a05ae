using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary>The JSON shape of a registered model.</summary>
internal sealed record ModelView(
    string Name,
    string? Description,
    int? LatestVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, int> Aliases)
{
    public static ModelView Of(RegisteredModel model) => new(
        model.Name,
        model.Description,
        model.LatestVersion,
        model.CreatedAt,
        model.UpdatedAt,
        new SortedDictionary<string, string>(model.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        new SortedDictionary<string, int>(model.Aliases.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), StringComparer.Ordinal));
}
