using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Csv;

namespace MLOps.FeatureStore;

/// <summary>What a source may need to read: the workspace (for dataset versions, SQL tables, pushed rows) and the column types the definitions declare.</summary>
/// <param name="Workspace">The workspace, or null for sources that need none.</param>
/// <param name="ColumnTypes">Declared column types by name, used to read text sources without guessing.</param>
public sealed record FeatureSourceContext(MLOpsWorkspace? Workspace, IReadOnlyDictionary<string, DataType> ColumnTypes)
{
    /// <summary>A context with no workspace and no type hints.</summary>
    public static FeatureSourceContext Empty { get; } = new(null, new Dictionary<string, DataType>(StringComparer.Ordinal));

    internal MLOpsWorkspace RequireWorkspace(FeatureSource source) =>
        Workspace ?? throw new ValidationException($"Source '{source.Name}' ({source.Kind}) needs a workspace to read from.");

    internal CsvOptions CsvOptions(string sourceName, IEnumerable<string> fileColumns)
    {
        var options = new CsvOptions { SourceName = sourceName };
        foreach (var name in fileColumns)
        {
            if (ColumnTypes.TryGetValue(name, out var type))
            {
                options.ColumnTypes[name] = type;
            }
        }

        return options;
    }

    internal static async ValueTask<IReadOnlyList<string>> ReadHeaderAsync(Stream stream, string sourceName, CancellationToken cancellationToken)
    {
        var schema = await CsvReader.InferSchemaAsync(stream, new CsvOptions { SourceName = sourceName, InferenceSampleRows = 1 }, cancellationToken).ConfigureAwait(false);
        return [.. schema.Select(f => f.Name)];
    }
}
