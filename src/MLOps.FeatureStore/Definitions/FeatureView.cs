namespace MLOps.FeatureStore;

/// <summary>
/// A group of typed features over one source, keyed by the join keys of its entities, with a time to
/// live: a feature row older than the TTL (relative to an entity row offline, to the clock online) is
/// not served. Immutable; build one per definition.
/// </summary>
public sealed record FeatureView
{
    /// <summary>Creates a feature view.</summary>
    /// <param name="name">The view's name.</param>
    /// <param name="entities">The entities whose join keys key the view.</param>
    /// <param name="source">The rows.</param>
    /// <param name="features">The features, each a source column.</param>
    /// <param name="ttl">How old a feature row may be; <see cref="TimeSpan.Zero"/> for no limit.</param>
    /// <param name="online">Whether the view is materialized to the online store.</param>
    /// <param name="tags">Free-form tags.</param>
    public FeatureView(string name, IReadOnlyList<Entity> entities, FeatureSource source, IReadOnlyList<Feature> features, TimeSpan ttl = default, bool online = true, IReadOnlyDictionary<string, string>? tags = null)
    {
        DefinitionNames.ThrowIfInvalid(name, "feature view");
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(features);
        if (name.Contains("__", StringComparison.Ordinal))
        {
            throw new ValidationException($"Feature view '{name}': a view name may not contain '__' (it separates view and feature in output columns).");
        }

        if (entities.Count == 0)
        {
            throw new ValidationException($"Feature view '{name}' names no entity.");
        }

        if (features.Count == 0)
        {
            throw new ValidationException($"Feature view '{name}' has no features.");
        }

        if (ttl < TimeSpan.Zero)
        {
            throw new ValidationException($"Feature view '{name}' has a negative ttl ({ttl}).");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            if (!seen.Add(feature.Name))
            {
                throw new ValidationException($"Feature view '{name}' declares feature '{feature.Name}' twice.");
            }
        }

        Name = name;
        Entities = [.. entities];
        Source = source;
        Features = [.. features];
        Ttl = ttl;
        Online = online;
        Tags = tags is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(tags, StringComparer.Ordinal);
        JoinKeys = [.. entities.SelectMany(e => e.JoinKeys)];
    }

    /// <summary>The view's name.</summary>
    public string Name { get; }

    /// <summary>The entities.</summary>
    public IReadOnlyList<Entity> Entities { get; }

    /// <summary>The source.</summary>
    public FeatureSource Source { get; }

    /// <summary>The features.</summary>
    public IReadOnlyList<Feature> Features { get; }

    /// <summary>The time to live; zero means no limit.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>Whether the view is served online.</summary>
    public bool Online { get; }

    /// <summary>Free-form tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The join keys of all its entities, in order.</summary>
    public IReadOnlyList<Feature> JoinKeys { get; }

    /// <summary>Finds a feature by name.</summary>
    /// <param name="feature">The name.</param>
    /// <returns>Its index, or -1.</returns>
    public int IndexOf(string feature)
    {
        for (var i = 0; i < Features.Count; i++)
        {
            if (string.Equals(Features[i].Name, feature, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
