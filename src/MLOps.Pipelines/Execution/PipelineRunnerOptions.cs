using MLOps.Tracking;

namespace MLOps.Pipelines;

/// <summary>How a <see cref="PipelineRunner"/> runs pipelines. Validated when the runner opens.</summary>
public sealed class PipelineRunnerOptions
{
    /// <summary>How many steps of one run execute at once.</summary>
    /// <value>The default value is <see cref="Environment.ProcessorCount"/>; 1 to 1024.</value>
    public int MaxParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Outputs up to this size are stored inline in the step and cache rows; larger ones go to the blob store.</summary>
    /// <value>The default value is 16 KiB; 0 sends every output to the blob store.</value>
    public int InlineOutputLimit { get; set; } = 16 * 1024;

    /// <summary>When set, each run is a tracking run with a nested run per step.</summary>
    /// <value>The default value is null (no tracking).</value>
    public TrackingStore? Tracking { get; set; }

    /// <summary>The tracking experiment; the pipeline's name when null.</summary>
    /// <value>The default value is null.</value>
    public string? Experiment { get; set; }

    /// <summary>The clock for run times and cache expiry; the workspace's when null.</summary>
    /// <value>The default value is null.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>At most this many cache keys of a pipeline's steps are loaded when a run starts (keys only), so a miss needs no query; with more, each step asks the database.</summary>
    /// <value>The default value is 200,000.</value>
    public int CachePreloadLimit { get; set; } = 200_000;

    internal void Validate()
    {
        if (MaxParallelism is < 1 or > 1024)
        {
            throw new ValidationException($"PipelineRunnerOptions.MaxParallelism must be between 1 and 1024 (got {MaxParallelism}).");
        }

        if (CachePreloadLimit is < 0 or > 1_000_000)
        {
            throw new ValidationException($"PipelineRunnerOptions.CachePreloadLimit must be between 0 and 1,000,000 (got {CachePreloadLimit}).");
        }

        if (InlineOutputLimit is < 0 or > 1024 * 1024)
        {
            throw new ValidationException($"PipelineRunnerOptions.InlineOutputLimit must be between 0 and 1 MiB (got {InlineOutputLimit}).");
        }
    }
}
