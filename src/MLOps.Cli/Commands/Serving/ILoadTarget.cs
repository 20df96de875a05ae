namespace MLOps.Cli.Commands.Serving;

/// <summary>What <c>mlops loadtest</c> sends requests to: a model loaded in this process, or a server over HTTP.</summary>
internal interface ILoadTarget : IAsyncDisposable
{
    /// <summary>The model's name.</summary>
    string Model { get; }

    /// <summary>Creates one closed-loop caller: a function that sends one request (prepared once, with the caller's own inputs) and throws when it fails.</summary>
    /// <param name="index">The caller's index, which seeds its inputs.</param>
    /// <returns>The function.</returns>
    Func<CancellationToken, ValueTask> CreateCaller(int index);

    /// <summary>Reads the model's rows and batches run so far, or null when they cannot be read.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counters, or null.</returns>
    Task<BatchCounters?> ReadCountersAsync(CancellationToken cancellationToken);
}
