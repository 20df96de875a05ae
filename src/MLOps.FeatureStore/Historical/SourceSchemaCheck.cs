using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>Checks a source's data against a view's declarations, naming the view, the source and the column in every error.</summary>
internal static class SourceSchemaCheck
{
    public static void Check(FeatureView view, Schema schema)
    {
        var source = view.Source;
        var where = $"Feature view '{view.Name}': source '{source.Name}' ({source.Location})";
        var columns = string.Join(", ", schema.Select(f => f.Name));
        RequireTimestamp(schema, source.TimestampField, "timestamp column", where, columns);
        if (source.CreatedTimestampField is { } created)
        {
            RequireTimestamp(schema, created, "created timestamp column", where, columns);
        }

        if (source.ValidToField is { } validTo)
        {
            RequireTimestamp(schema, validTo, "valid_to column", where, columns);
        }

        foreach (var key in view.JoinKeys)
        {
            Require(schema, key, "join key", where, columns);
        }

        foreach (var feature in view.Features)
        {
            Require(schema, feature, "feature", where, columns);
        }
    }

    private static void RequireTimestamp(Schema schema, string name, string what, string where, string columns)
    {
        var index = schema.IndexOf(name);
        if (index < 0)
        {
            throw new ValidationException($"{where} has no {what} '{name}'; its columns are {columns}.");
        }

        if (schema[index].Type != DataType.Timestamp)
        {
            throw new ValidationException($"{where}: the {what} '{name}' holds {schema[index].Type} values, not timestamps (ISO 8601 UTC in CSV).");
        }
    }

    private static void Require(Schema schema, Feature feature, string what, string where, string columns)
    {
        var index = schema.IndexOf(feature.Name);
        if (index < 0)
        {
            throw new ValidationException($"{where} has no column for {what} '{feature.Name}'; its columns are {columns}.");
        }

        if (!FeatureTypes.IsCompatible(feature.Type, schema[index].Type))
        {
            throw new ValidationException($"{where}: {what} '{feature.Name}' is declared {FeatureTypes.ToName(feature.Type)} but the data holds {schema[index].Type} values.");
        }
    }
}
