using Polly;
using Polly.Retry;

namespace MLOps.Pipelines;

/// <summary>Builds a step's Polly pipeline (retry outside, per-attempt timeout inside) once, when the pipeline is built.</summary>
internal static class StepResilience
{
    public static ResiliencePipeline? Create(StepOptions options)
    {
        if (options.Retry.MaxRetries == 0 && options.Timeout is null)
        {
            return null;
        }

        var builder = new ResiliencePipelineBuilder();
        if (options.Retry.MaxRetries > 0)
        {
            var retry = options.Retry;
            var predicate = retry.ShouldRetry;
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                Delay = retry.Delay,
                BackoffType = retry.Backoff,
                UseJitter = retry.UseJitter,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && e is not OperationCanceledException && (predicate?.Invoke(e) ?? true)),
            });
        }

        if (options.Timeout is { } timeout)
        {
            builder.AddTimeout(timeout);
        }

        return builder.Build();
    }
}
