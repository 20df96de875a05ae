namespace MLOps.Serving;

/// <summary>
/// One loaded version of a served model: its batcher and executor, how it is doing, and (when it is a
/// shadow) how its answers compare. In-flight requests hold a lease; a replaced or unloaded version
/// takes no new requests and is released only after its last lease ends.
/// </summary>
public sealed class ServedModelVersion
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ShadowCounters _shadow = new();
    private int _leases;
    private int _retired;
    private long _routed;
    private volatile ModelVersionState _state = ModelVersionState.Ready;

    internal ServedModelVersion(string modelName, int version, string source, ModelConfig config, IModelExecutor executor, DynamicBatcher batcher, DateTimeOffset loadedAt)
    {
        ModelName = modelName;
        Version = version;
        Source = source;
        Config = config;
        Executor = executor;
        Batcher = batcher;
        LoadedAt = loadedAt;
    }

    /// <summary>The model's name.</summary>
    public string ModelName { get; }

    /// <summary>The version number.</summary>
    public int Version { get; }

    /// <summary>Where it was loaded from (a file path or a registry reference).</summary>
    public string Source { get; }

    /// <summary>The configuration it runs with.</summary>
    public ModelConfig Config { get; }

    /// <summary>When it became ready.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>Its state.</summary>
    public ModelVersionState State => _state;

    /// <summary>Its inputs and outputs.</summary>
    public ModelSignature Signature => Executor.Signature;

    /// <summary>Requests routed to it (explicitly or by routing), shadow copies excluded.</summary>
    public long RoutedRequests => Interlocked.Read(ref _routed);

    /// <summary>Requests in flight on it now.</summary>
    public int InFlight => Math.Max(0, Volatile.Read(ref _leases));

    internal IModelExecutor Executor { get; }

    internal DynamicBatcher Batcher { get; }

    /// <summary>Completes when a retired version has no request left.</summary>
    internal Task Drained => _drained.Task;

    /// <summary>Its batcher's counters.</summary>
    /// <returns>A snapshot.</returns>
    public BatcherStatistics GetStatistics() => Batcher.GetStatistics();

    /// <summary>How its answers compared with the primary's while it was a shadow.</summary>
    /// <returns>A snapshot; all zero if it never was one.</returns>
    public ShadowStatistics GetShadowStatistics() => _shadow.Snapshot();

    internal ShadowCounters ShadowCounters => _shadow;

    internal bool TryAcquire()
    {
        Interlocked.Increment(ref _leases);
        if (Volatile.Read(ref _retired) != 0)
        {
            Release();
            return false;
        }

        return true;
    }

    internal void CountRouted() => Interlocked.Increment(ref _routed);

    internal void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0 && Volatile.Read(ref _retired) != 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Stops new leases; <see cref="Drained"/> completes after the last one ends.</summary>
    internal void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) != 0)
        {
            return;
        }

        _state = ModelVersionState.Draining;
        if (Volatile.Read(ref _leases) == 0)
        {
            _drained.TrySetResult();
        }
    }

    internal async Task ReleaseResourcesAsync()
    {
        await Drained.ConfigureAwait(false);
        await Batcher.DisposeAsync().ConfigureAwait(false);
        Executor.Dispose();
        _state = ModelVersionState.Unloaded;
    }
}
