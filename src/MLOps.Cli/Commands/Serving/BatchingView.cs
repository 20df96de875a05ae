namespace MLOps.Cli.Commands.Serving;

/// <summary>The batching settings a model runs with, as <c>mlops loadtest</c> reports them (snake_case in JSON).</summary>
/// <param name="Enabled">Whether requests are batched.</param>
/// <param name="MaxBatchSize">The most rows in one batch.</param>
/// <param name="MaxQueueDelayUs">How long the oldest request may wait for more rows, in microseconds.</param>
/// <param name="PreferredBatchSizes">Sizes that go at once.</param>
/// <param name="MaxQueueSize">The most requests that may wait.</param>
/// <param name="Instances">Executor instances.</param>
/// <param name="Adaptive">Whether the wait is adaptive.</param>
/// <param name="Threads">Kernel threads per call, or null for the engine's default.</param>
internal sealed record BatchingView(
    bool Enabled,
    int MaxBatchSize,
    long MaxQueueDelayUs,
    IReadOnlyList<int> PreferredBatchSizes,
    int MaxQueueSize,
    int Instances,
    bool Adaptive,
    int? Threads);
