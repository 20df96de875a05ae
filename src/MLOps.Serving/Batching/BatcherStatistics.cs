namespace MLOps.Serving;

/// <summary>
/// A snapshot of one batcher's counters since it started, after Triton's statistics extension. The mean
/// batch size is <see cref="InferenceCount"/> / <see cref="ExecutionCount"/>.
/// </summary>
public sealed record BatcherStatistics
{
    /// <summary>Requests that returned outputs.</summary>
    public required long SuccessCount { get; init; }

    /// <summary>Requests refused because the queue was full or the batcher was stopping.</summary>
    public required long RejectedCount { get; init; }

    /// <summary>Requests dropped because their deadline passed before they ran.</summary>
    public required long DeadlineExceededCount { get; init; }

    /// <summary>Requests cancelled by their callers.</summary>
    public required long CancelledCount { get; init; }

    /// <summary>Requests whose batch failed in the executor.</summary>
    public required long FailedCount { get; init; }

    /// <summary>Rows run (Triton's inference count).</summary>
    public required long InferenceCount { get; init; }

    /// <summary>Batches run (Triton's execution count).</summary>
    public required long ExecutionCount { get; init; }

    /// <summary>Total time successful requests spent from arrival to answer.</summary>
    public required TimeSpan RequestDuration { get; init; }

    /// <summary>Total time successful requests spent queued.</summary>
    public required TimeSpan QueueDuration { get; init; }

    /// <summary>Total time batches spent in the executor.</summary>
    public required TimeSpan ComputeDuration { get; init; }

    /// <summary>Requests waiting now.</summary>
    public required int PendingRequests { get; init; }

    /// <summary>When the last batch finished, or null before the first.</summary>
    public required DateTimeOffset? LastInference { get; init; }

    /// <summary>How many batches ran at each size (rows), smallest first.</summary>
    public required IReadOnlyList<KeyValuePair<int, long>> BatchSizes { get; init; }

    /// <summary>Requests that failed for any reason.</summary>
    public long FailureCount => RejectedCount + DeadlineExceededCount + CancelledCount + FailedCount;

    /// <summary>Rows per batch on average, or 0 before the first batch.</summary>
    public double MeanBatchSize => ExecutionCount == 0 ? 0 : (double)InferenceCount / ExecutionCount;
}
