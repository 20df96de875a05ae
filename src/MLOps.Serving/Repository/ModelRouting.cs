namespace MLOps.Serving;

/// <summary>
/// Where requests that name no version go: the latest ready version by default, or a weighted split
/// between versions (a canary), optionally with a shadow version that receives a copy of every routed
/// request; its answers are compared with the primary's and recorded, never returned.
/// </summary>
public sealed class ModelRouting
{
    /// <summary>Routing to the latest ready version, with no shadow.</summary>
    public static ModelRouting Latest { get; } = new();

    /// <summary>Relative weights by version number (such as 90 and 10). Versions not ready are skipped; when none is ready, requests go to the latest ready version.</summary>
    /// <value>The default is empty: the latest ready version takes every request.</value>
    public IReadOnlyDictionary<int, int> Weights { get; init; } = new Dictionary<int, int>();

    /// <summary>The version that gets a copy of every routed request, or null.</summary>
    public int? ShadowVersion { get; init; }

    /// <summary>The largest absolute difference between a shadow's and the primary's numeric outputs that still counts as agreeing.</summary>
    /// <value>The default is 1e-4.</value>
    public double ShadowTolerance { get; init; } = 1e-4;

    /// <summary>A canary split: <paramref name="canaryPercent"/> of requests to <paramref name="canary"/>, the rest to <paramref name="stable"/>.</summary>
    /// <param name="stable">The stable version.</param>
    /// <param name="canary">The canary version.</param>
    /// <param name="canaryPercent">0 to 100.</param>
    /// <returns>The routing.</returns>
    public static ModelRouting Canary(int stable, int canary, int canaryPercent) => new()
    {
        Weights = new Dictionary<int, int> { [stable] = 100 - canaryPercent, [canary] = canaryPercent },
    };

    /// <summary>Checks the weights and tolerance.</summary>
    /// <param name="model">The model, for messages.</param>
    /// <exception cref="ValidationException">A weight is negative, all weights are zero, or the tolerance is negative.</exception>
    public void Validate(string model)
    {
        foreach (var (version, weight) in Weights)
        {
            if (weight < 0)
            {
                throw new ValidationException($"The routing of model '{model}' gives version {version} weight {weight}; weights must be zero or more.");
            }
        }

        if (Weights.Count > 0 && Weights.Values.Sum() == 0)
        {
            throw new ValidationException($"The routing of model '{model}' has weights that are all zero.");
        }

        if (ShadowTolerance < 0 || double.IsNaN(ShadowTolerance))
        {
            throw new ValidationException($"The routing of model '{model}' has ShadowTolerance {ShadowTolerance}; it must be zero or more.");
        }
    }
}
