namespace MLOps.Drift;

/// <summary>What a <see cref="DriftInferenceObserver"/> taps.</summary>
public sealed class DriftInferenceObserverOptions
{
    /// <summary>The model whose requests are tapped; null for every model.</summary>
    public string? ModelName { get; set; }

    /// <summary>The share of requests tapped, in (0, 1].</summary>
    /// <value>The default is 1.</value>
    public double SampleRate { get; set; } = 1.0;

    /// <summary>Whether outputs become columns too (named after the output, or per <see cref="FeatureNames"/>).</summary>
    /// <value>The default is true.</value>
    public bool IncludeOutputs { get; set; } = true;

    /// <summary>
    /// Column names per tensor: a <c>[rows, k]</c> tensor becomes k columns, named from this list when
    /// the tensor's name is a key (so they match the reference profile), else <c>name[j]</c>; a
    /// <c>[rows]</c> or <c>[rows, 1]</c> tensor becomes one column named after the tensor.
    /// </summary>
    public IDictionary<string, IReadOnlyList<string>> FeatureNames { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>The sampling seed.</summary>
    /// <value>The default is 17.</value>
    public int Seed { get; set; } = 17;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">The sample rate is out of range.</exception>
    public void Validate()
    {
        if (!(SampleRate > 0 && SampleRate <= 1))
        {
            throw new ValidationException($"DriftInferenceObserverOptions.SampleRate is {SampleRate}; it must be in (0, 1].");
        }
    }
}
