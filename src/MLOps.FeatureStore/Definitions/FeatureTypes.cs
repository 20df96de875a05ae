using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>Conversions between <see cref="FeatureType"/>, YAML names and column types.</summary>
public static class FeatureTypes
{
    /// <summary>The YAML name of a type: <c>int64</c>, <c>float64</c>, <c>string</c> or <c>bool</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>Its name.</returns>
    public static string ToName(FeatureType type) => type switch
    {
        FeatureType.Int64 => "int64",
        FeatureType.Float64 => "float64",
        FeatureType.String => "string",
        _ => "bool",
    };

    /// <summary>Parses a YAML type name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type when recognised.</param>
    /// <returns>Whether the name is one of <c>int64</c>, <c>float64</c>, <c>string</c>, <c>bool</c>.</returns>
    public static bool TryParse(string? name, out FeatureType type)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "int64":
                type = FeatureType.Int64;
                return true;
            case "float64":
                type = FeatureType.Float64;
                return true;
            case "string":
                type = FeatureType.String;
                return true;
            case "bool":
                type = FeatureType.Bool;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>The column type that holds values of a feature type.</summary>
    /// <param name="type">The feature type.</param>
    /// <returns>The column type.</returns>
    public static DataType ToDataType(FeatureType type) => type switch
    {
        FeatureType.Int64 => DataType.Int64,
        FeatureType.Float64 => DataType.Float64,
        FeatureType.String => DataType.String,
        _ => DataType.Boolean,
    };

    /// <summary>Whether a column of <paramref name="actual"/> type can supply values of the declared type (an Int32 column widens to int64, integer columns widen to float64).</summary>
    /// <param name="declared">The declared feature type.</param>
    /// <param name="actual">The column type in the data.</param>
    /// <returns>Whether the data fits the declaration.</returns>
    public static bool IsCompatible(FeatureType declared, DataType actual) => declared switch
    {
        FeatureType.Int64 => actual is DataType.Int64 or DataType.Int32,
        FeatureType.Float64 => actual is DataType.Float64 or DataType.Float32 or DataType.Int64 or DataType.Int32,
        FeatureType.String => actual is DataType.String,
        _ => actual is DataType.Boolean,
    };
}
