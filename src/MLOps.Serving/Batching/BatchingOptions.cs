namespace MLOps.Serving;

/// <summary>
/// How a <see cref="DynamicBatcher"/> groups requests for one model version. Semantics follow Triton's
/// dynamic batcher: a batch goes when <see cref="MaxBatchSize"/> rows are ready, when a
/// <see cref="PreferredBatchSizes">preferred size</see> can be formed, or when the oldest request has
/// waited <see cref="MaxQueueDelay"/>. Validated when the batcher is created.
/// </summary>
public sealed class BatchingOptions
{
    /// <summary>Whether requests are batched at all; when false each request runs alone, whatever its row count, on the next free instance.</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The most rows in one batch; a request with more rows is refused as invalid.</summary>
    /// <value>The default is 64.</value>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>How long the oldest queued request may wait for more rows to join its batch.</summary>
    /// <value>The default is zero: a batch goes as soon as an executor instance is free, holding whatever queued while the instances were busy.</value>
    public TimeSpan MaxQueueDelay { get; set; }

    /// <summary>Batch sizes that go at once when the queue can form them exactly (the largest one possible is chosen).</summary>
    /// <value>The default is empty.</value>
    public IList<int> PreferredBatchSizes { get; set; } = [];

    /// <summary>The most requests that may wait; beyond it a request is refused at once with <see cref="InferenceOutcome.Rejected"/>.</summary>
    /// <value>The default is 4096.</value>
    public int MaxQueueSize { get; set; } = 4096;

    /// <summary>The number of priority levels; level 0 is served first, FIFO within a level.</summary>
    /// <value>The default is 1.</value>
    public int PriorityLevels { get; set; } = 1;

    /// <summary>The level of a request that names none.</summary>
    /// <value>The default is 0.</value>
    public int DefaultPriority { get; set; }

    /// <summary>How many batches may run at once (executor instances).</summary>
    /// <value>The default is 1.</value>
    public int Instances { get; set; } = 1;

    /// <summary>
    /// Learns the batch cost (a·n + b over recent batches) and the arrival rate, and waits for more rows
    /// only while waiting pays: while the next row is expected sooner than the fixed cost b it would
    /// save, never past <see cref="MaxQueueDelay"/> and never past the earliest queued deadline.
    /// </summary>
    /// <value>The default is false. When true, <see cref="MaxQueueDelay"/> must be positive (it caps the wait).</value>
    public bool Adaptive { get; set; }

    /// <summary>
    /// Whether a request that arrives with nothing queued and an instance idle runs at once on the
    /// caller's thread (the call returns completed) instead of being handed to an instance thread and
    /// back. Applies only with a zero <see cref="MaxQueueDelay"/>, no preferred sizes and no adaptive mode,
    /// where such a request would go alone anyway; it removes the two thread hand-offs from the
    /// low-load path.
    /// </summary>
    /// <value>The default is true.</value>
    public bool InlineWhenIdle { get; set; } = true;

    /// <summary>The deadline of a request that sets no <see cref="InferenceRequest.Timeout"/>.</summary>
    /// <value>The default is null: no deadline.</value>
    public TimeSpan? DefaultTimeout { get; set; }

    /// <summary>Checks every option; called by the batcher.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxBatchSize is < 1 or > 1_000_000)
        {
            throw new ValidationException($"BatchingOptions.MaxBatchSize is {MaxBatchSize}; it must be between 1 and 1000000.");
        }

        if (MaxQueueDelay < TimeSpan.Zero || MaxQueueDelay > TimeSpan.FromMinutes(1))
        {
            throw new ValidationException($"BatchingOptions.MaxQueueDelay is {MaxQueueDelay}; it must be between zero and one minute.");
        }

        foreach (var size in PreferredBatchSizes)
        {
            if (size < 1 || size > MaxBatchSize)
            {
                throw new ValidationException($"BatchingOptions.PreferredBatchSizes has {size}; each must be between 1 and MaxBatchSize ({MaxBatchSize}).");
            }
        }

        if (MaxQueueSize < 1)
        {
            throw new ValidationException($"BatchingOptions.MaxQueueSize is {MaxQueueSize}; it must be at least 1.");
        }

        if (PriorityLevels is < 1 or > 64)
        {
            throw new ValidationException($"BatchingOptions.PriorityLevels is {PriorityLevels}; it must be between 1 and 64.");
        }

        if (DefaultPriority < 0 || DefaultPriority >= PriorityLevels)
        {
            throw new ValidationException($"BatchingOptions.DefaultPriority is {DefaultPriority}; it must be between 0 and PriorityLevels - 1 ({PriorityLevels - 1}).");
        }

        if (Instances is < 1 or > 256)
        {
            throw new ValidationException($"BatchingOptions.Instances is {Instances}; it must be between 1 and 256.");
        }

        if (Adaptive && MaxQueueDelay <= TimeSpan.Zero)
        {
            throw new ValidationException("BatchingOptions.Adaptive needs a positive MaxQueueDelay to cap the wait.");
        }

        if (DefaultTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ValidationException($"BatchingOptions.DefaultTimeout is {timeout}; it must be positive or null.");
        }
    }

    /// <summary>A copy, so a batcher's options cannot change under it.</summary>
    /// <returns>The copy.</returns>
    public BatchingOptions Clone() => new()
    {
        Enabled = Enabled,
        MaxBatchSize = MaxBatchSize,
        MaxQueueDelay = MaxQueueDelay,
        PreferredBatchSizes = [.. PreferredBatchSizes],
        MaxQueueSize = MaxQueueSize,
        PriorityLevels = PriorityLevels,
        DefaultPriority = DefaultPriority,
        Instances = Instances,
        Adaptive = Adaptive,
        InlineWhenIdle = InlineWhenIdle,
        DefaultTimeout = DefaultTimeout,
    };
}
