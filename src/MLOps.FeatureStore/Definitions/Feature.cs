namespace MLOps.FeatureStore;

/// <summary>A named, typed feature of a feature view (or a join key of an entity, or a request field).</summary>
/// <param name="Name">The column name in the source data.</param>
/// <param name="Type">The value type.</param>
public sealed record Feature(string Name, FeatureType Type)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {FeatureTypes.ToName(Type)}";
}
