namespace MLOps.Pipelines;

/// <summary>One step of a run: state, attempts, duration, cache key and output hash.</summary>
/// <param name="Name">The step's name.</param>
/// <param name="State">Where it ended.</param>
/// <param name="Attempts">How many times its code ran in this run (0 when cached, reused or skipped).</param>
/// <param name="Duration">Wall time from start to recorded outcome, including cache verification and storing.</param>
/// <param name="CacheKey">The SHA-256 cache key (hex), or null when the step did not get as far as computing it.</param>
/// <param name="OutputHash">The SHA-256 of the serialized output, or null when there is none.</param>
/// <param name="Error">The failure's type and message, or null.</param>
public sealed record StepResult(string Name, StepState State, int Attempts, TimeSpan Duration, string? CacheKey, ContentHash? OutputHash, string? Error)
{
    /// <summary>Whether the output came from the cache.</summary>
    public bool CacheHit => State == StepState.Cached;

    /// <summary>Whether the step has an output (succeeded, cached or reused).</summary>
    public bool HasOutput => State is StepState.Succeeded or StepState.Cached or StepState.Reused;
}
