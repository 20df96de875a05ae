namespace MLOps.FeatureStore;

/// <summary>
/// Something features describe (a customer, a driver): a name and the typed join keys that identify
/// one instance of it in entity rows and source data.
/// </summary>
public sealed record Entity
{
    /// <summary>Creates an entity.</summary>
    /// <param name="name">The entity's name.</param>
    /// <param name="joinKeys">Its join keys, at least one; types are int64 or string (the default when built from YAML without types).</param>
    public Entity(string name, IReadOnlyList<Feature> joinKeys)
    {
        DefinitionNames.ThrowIfInvalid(name, "entity");
        ArgumentNullException.ThrowIfNull(joinKeys);
        if (joinKeys.Count == 0)
        {
            throw new ValidationException($"Entity '{name}' needs at least one join key.");
        }

        Name = name;
        JoinKeys = [.. joinKeys];
    }

    /// <summary>Creates an entity with one join key.</summary>
    /// <param name="name">The entity's name.</param>
    /// <param name="joinKey">The join key column.</param>
    /// <param name="type">The join key's type.</param>
    public Entity(string name, string joinKey, FeatureType type = FeatureType.Int64)
        : this(name, [new Feature(joinKey, type)])
    {
    }

    /// <summary>The entity's name.</summary>
    public string Name { get; }

    /// <summary>The join keys, in order.</summary>
    public IReadOnlyList<Feature> JoinKeys { get; }
}
