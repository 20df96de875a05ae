namespace MLOps.FeatureStore;

/// <summary>A named list of <c>view:feature</c>: the contract a model is trained and served with.</summary>
public sealed record FeatureService
{
    /// <summary>Creates a feature service.</summary>
    /// <param name="name">The service's name.</param>
    /// <param name="features">Its features, in output order.</param>
    public FeatureService(string name, IReadOnlyList<FeatureReference> features)
    {
        DefinitionNames.ThrowIfInvalid(name, "feature service");
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            throw new ValidationException($"Feature service '{name}' lists no features.");
        }

        Name = name;
        Features = [.. features];
    }

    /// <summary>The service's name.</summary>
    public string Name { get; }

    /// <summary>The features, in output order.</summary>
    public IReadOnlyList<FeatureReference> Features { get; }
}
