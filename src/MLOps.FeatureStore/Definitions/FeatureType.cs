namespace MLOps.FeatureStore;

/// <summary>The value type of a feature or a join key.</summary>
public enum FeatureType
{
    /// <summary>A 64-bit signed integer (<c>int64</c> in YAML).</summary>
    Int64,

    /// <summary>A 64-bit float (<c>float64</c> in YAML).</summary>
    Float64,

    /// <summary>A UTF-8 string (<c>string</c> in YAML).</summary>
    String,

    /// <summary>A boolean (<c>bool</c> in YAML).</summary>
    Bool,
}
