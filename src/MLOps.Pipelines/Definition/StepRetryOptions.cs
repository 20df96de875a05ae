using Polly;

namespace MLOps.Pipelines;

/// <summary>How a failed step is retried (through Polly). Plain options; validated when the pipeline is built.</summary>
public sealed class StepRetryOptions
{
    /// <summary>Retries after the first attempt.</summary>
    /// <value>The default value is 0 (no retry); at most 100.</value>
    public int MaxRetries { get; set; }

    /// <summary>The delay before the first retry (the base of the backoff).</summary>
    /// <value>The default value is 100 ms.</value>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How the delay grows between retries.</summary>
    /// <value>The default value is <see cref="DelayBackoffType.Exponential"/>.</value>
    public DelayBackoffType Backoff { get; set; } = DelayBackoffType.Exponential;

    /// <summary>Whether delays are randomized, so that retries of many steps do not collide.</summary>
    /// <value>The default value is true.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>Which failures are retried; cancellations never are.</summary>
    /// <value>The default value is null: every exception but a cancellation is retried.</value>
    public Func<Exception, bool>? ShouldRetry { get; set; }

    internal void Validate(string step)
    {
        if (MaxRetries is < 0 or > 100)
        {
            throw new ValidationException($"Step '{step}': Retry.MaxRetries must be between 0 and 100 (got {MaxRetries}).");
        }

        if (Delay < TimeSpan.Zero || Delay > TimeSpan.FromDays(1))
        {
            throw new ValidationException($"Step '{step}': Retry.Delay must be between 0 and 1 day (got {Delay}).");
        }
    }
}
