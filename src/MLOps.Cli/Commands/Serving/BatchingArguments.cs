using System.CommandLine;
using MLOps.Cli.Hosting;
using MLOps.Serving;

namespace MLOps.Cli.Commands.Serving;

/// <summary>
/// The dynamic batcher's options as <c>mlops serve</c> and <c>mlops loadtest</c> take them:
/// <c>--max-batch-size</c>, <c>--max-queue-delay-us</c>, <c>--preferred-batch-size</c>,
/// <c>--max-queue-size</c>, <c>--instances</c>, <c>--adaptive</c>, <c>--no-batching</c> and the engine's
/// <c>--threads</c>. Options left out keep the <see cref="BatchingOptions"/> defaults.
/// </summary>
internal sealed class BatchingArguments
{
    public Option<int?> MaxBatchSize { get; } = new("--max-batch-size")
    {
        Description = "The most rows in one batch (default 64); a request with more rows is refused.",
    };

    public Option<long?> MaxQueueDelayUs { get; } = new("--max-queue-delay-us")
    {
        Description = "How long, in microseconds, the oldest queued request may wait for more rows (default 0: a batch goes as soon as an instance is free).",
    };

    public Option<int[]> PreferredBatchSizes { get; } = new("--preferred-batch-size")
    {
        Description = "Batch sizes that go at once when the queue can form them; repeat the option or list several values.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<int?> MaxQueueSize { get; } = new("--max-queue-size")
    {
        Description = "The most requests that may wait (default 4096); beyond it requests are refused (HTTP 429).",
    };

    public Option<int?> Instances { get; } = new("--instances")
    {
        Description = "How many batches may run at once (executor instances; default 1).",
    };

    public Option<bool> Adaptive { get; } = new("--adaptive")
    {
        Description = "Wait for more rows only while waiting pays (learned batch cost and arrival rate); needs --max-queue-delay-us as the cap.",
    };

    public Option<bool> NoBatching { get; } = new("--no-batching")
    {
        Description = "Run each request alone on the next free instance.",
    };

    public Option<int?> Threads { get; } = new("--threads", "-t")
    {
        Description = "Kernel threads per model call (default: one per physical core).",
    };

    /// <summary>The options, to add to a command.</summary>
    public IEnumerable<Option> All => [MaxBatchSize, MaxQueueDelayUs, PreferredBatchSizes, MaxQueueSize, Instances, Adaptive, NoBatching, Threads];

    /// <summary>Adds the options to a command.</summary>
    /// <param name="command">The command.</param>
    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The first of these options the command line gives, or null when it gives none.</summary>
    /// <param name="context">The parsed command line.</param>
    /// <returns>The option's name, or null.</returns>
    public string? FirstGiven(CliContext context)
    {
        if (context.Get(MaxBatchSize) is not null)
        {
            return MaxBatchSize.Name;
        }

        if (context.Get(MaxQueueDelayUs) is not null)
        {
            return MaxQueueDelayUs.Name;
        }

        if (context.Get(PreferredBatchSizes) is { Length: > 0 })
        {
            return PreferredBatchSizes.Name;
        }

        if (context.Get(MaxQueueSize) is not null)
        {
            return MaxQueueSize.Name;
        }

        if (context.Get(Instances) is not null)
        {
            return Instances.Name;
        }

        if (context.Get(Adaptive))
        {
            return Adaptive.Name;
        }

        if (context.Get(NoBatching))
        {
            return NoBatching.Name;
        }

        return context.Get(Threads) is not null ? Threads.Name : null;
    }

    /// <summary>Applies the given options to a model configuration and checks it.</summary>
    /// <param name="context">The parsed command line.</param>
    /// <param name="config">The configuration to adjust.</param>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void ApplyTo(CliContext context, ModelConfig config)
    {
        var batching = config.Batching;
        batching.Enabled = !context.Get(NoBatching);
        if (context.Get(MaxBatchSize) is { } maxBatchSize)
        {
            batching.MaxBatchSize = maxBatchSize;
        }

        if (context.Get(MaxQueueDelayUs) is { } delay)
        {
            if (delay is < 0 or > 60_000_000)
            {
                throw new ValidationException($"--max-queue-delay-us is {delay}; it must be between 0 and 60000000 (one minute).");
            }

            batching.MaxQueueDelay = TimeSpan.FromMicroseconds(delay);
        }

        if (context.Get(PreferredBatchSizes) is { Length: > 0 } preferred)
        {
            batching.PreferredBatchSizes = [.. preferred];
        }

        if (context.Get(MaxQueueSize) is { } queue)
        {
            batching.MaxQueueSize = queue;
        }

        if (context.Get(Instances) is { } instances)
        {
            batching.Instances = instances;
        }

        batching.Adaptive = context.Get(Adaptive);
        if (context.Get(Threads) is { } threads)
        {
            if (threads is < 1 or > 1024)
            {
                throw new ValidationException($"--threads is {threads}; it must be between 1 and 1024.");
            }

            config.Inference.ThreadCount = threads;
        }

        try
        {
            config.Validate();
        }
        catch (ValidationException exception)
        {
            throw new ValidationException(OptionNames(exception.Message));
        }
    }

    /// <summary>The settings a configuration runs with, as reports show them.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The view.</returns>
    public static BatchingView View(ModelConfig config) => new(
        config.Batching.Enabled,
        config.Batching.MaxBatchSize,
        (long)config.Batching.MaxQueueDelay.TotalMicroseconds,
        [.. config.Batching.PreferredBatchSizes],
        config.Batching.MaxQueueSize,
        config.Batching.Instances,
        config.Batching.Adaptive,
        config.Inference.ThreadCount);

    /// <summary>Names the command-line options in a <see cref="BatchingOptions"/> validation message.</summary>
    private static string OptionNames(string message) => message
        .Replace("BatchingOptions.MaxBatchSize", "--max-batch-size", StringComparison.Ordinal)
        .Replace("BatchingOptions.MaxQueueDelay", "--max-queue-delay-us", StringComparison.Ordinal)
        .Replace("BatchingOptions.PreferredBatchSizes", "--preferred-batch-size", StringComparison.Ordinal)
        .Replace("BatchingOptions.MaxQueueSize", "--max-queue-size", StringComparison.Ordinal)
        .Replace("BatchingOptions.Instances", "--instances", StringComparison.Ordinal)
        .Replace("BatchingOptions.Adaptive", "--adaptive", StringComparison.Ordinal)
        .Replace("a positive MaxQueueDelay", "a positive --max-queue-delay-us", StringComparison.Ordinal)
        .Replace("MaxBatchSize (", "--max-batch-size (", StringComparison.Ordinal);
}
