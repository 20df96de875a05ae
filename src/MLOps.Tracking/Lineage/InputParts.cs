using MLOps.Lineage;

namespace MLOps.Tracking;

/// <summary>The searchable parts of an input reference: the dataset, feature service or model name, and its commit or version.</summary>
internal readonly record struct InputParts(string Name, string? Version)
{
    public static InputParts Of(LineageReference reference) => reference switch
    {
        DatasetReference d => new(d.Name, d.Commit),
        FeatureServiceReference f => new(f.Service, null),
        ModelVersionReference m => new(m.Name, m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ModelAliasReference a => new(a.Name, "@" + a.Alias),
        RunReference r => new(r.RunId, null),
        _ => throw new ValidationException($"Input reference '{reference}' is of an unknown kind '{reference.Kind}'."),
    };
}
