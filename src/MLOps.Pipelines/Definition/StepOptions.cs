using MLOps.Lineage;

namespace MLOps.Pipelines;

/// <summary>Per-step options: cache policy, timeout, retries, lineage. Validated when the pipeline is built.</summary>
public sealed class StepOptions
{
    /// <summary>
    /// The explicit cache version: part of the cache key, so bump it when the step's code (or a helper it
    /// calls) changes meaning. The cache never guesses from code.
    /// </summary>
    /// <value>The default value is "1".</value>
    public string CacheVersion { get; set; } = "1";

    /// <summary>Whether the step's output is looked up in and stored to the cache.</summary>
    /// <value>The default value is true.</value>
    public bool Cache { get; set; } = true;

    /// <summary>How long a cache entry stays valid after it was written.</summary>
    /// <value>The default value is null: entries never expire.</value>
    public TimeSpan? CacheExpiry { get; set; }

    /// <summary>Whether the step ignores existing cache entries, computes, and replaces the entry.</summary>
    /// <value>The default value is false.</value>
    public bool Refresh { get; set; }

    /// <summary>The limit on each attempt.</summary>
    /// <value>The default value is null: no limit beyond the run's cancellation.</value>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The retry policy.</summary>
    /// <value>The default value retries nothing.</value>
    public StepRetryOptions Retry { get; set; } = new();

    /// <summary>Datasets, models or runs the step reads, recorded as lineage inputs of its tracking run.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<LineageReference> LineageInputs { get; set; } = [];

    /// <summary>Datasets or models the step produces, recorded as tags of its tracking run.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<LineageReference> LineageOutputs { get; set; } = [];

    internal StepOptions Clone() => (StepOptions)MemberwiseClone();

    internal void Validate(string step)
    {
        if (string.IsNullOrWhiteSpace(CacheVersion) || CacheVersion.Length > 200)
        {
            throw new ValidationException($"Step '{step}': CacheVersion must be 1 to 200 characters.");
        }

        if (CacheExpiry is { } expiry && expiry <= TimeSpan.Zero)
        {
            throw new ValidationException($"Step '{step}': CacheExpiry must be positive (got {expiry}).");
        }

        if (Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromDays(1)))
        {
            throw new ValidationException($"Step '{step}': Timeout must be between 0 and 1 day (got {timeout}).");
        }

        if (Retry is null || LineageInputs is null || LineageOutputs is null)
        {
            throw new ValidationException($"Step '{step}': Retry, LineageInputs and LineageOutputs must not be null.");
        }

        Retry.Validate(step);
    }
}
