using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace MLOps.Serving;

/// <summary>
/// One queued request and the awaitable its caller holds. Pooled: the caller's <c>GetResult</c> and the
/// batcher each hold a reference, and the last to let go resets it and returns it to the pool, so the
/// steady path allocates nothing here.
/// </summary>
internal sealed class PendingRequest : IValueTaskSource<InferenceResponse>
{
    private static readonly Action<object?, CancellationToken> CancelCallback = static (state, _) => ((PendingRequest)state!).OnCancelled();

    private ManualResetValueTaskSourceCore<InferenceResponse> _core = new() { RunContinuationsAsynchronously = true };
    private ConcurrentQueue<PendingRequest>? _pool;
    private DynamicBatcher? _owner;
    private CancellationTokenRegistration _registration;
    private int _completed;
    private int _references;

    public InferenceRequest Request { get; private set; } = null!;

    public int Rows { get; private set; }

    public int Priority { get; private set; }

    public long EnqueuedAt { get; private set; }

    public long Deadline { get; private set; }

    public CancellationToken Token { get; private set; }

    /// <summary>Whether the request completed (a tombstone while still queued). Read under the batcher's lock or racy-but-safe.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>Set under the batcher's lock when the request leaves the queue for a batch.</summary>
    public bool Running { get; set; }

    /// <summary>Whether the request is live in the queue (not yet taken, dropped or cancelled). Guarded by the batcher's lock.</summary>
    public bool Queued { get; set; }

    public short Version => _core.Version;

    public static PendingRequest Rent(ConcurrentQueue<PendingRequest> pool)
    {
        if (!pool.TryDequeue(out var pending))
        {
            pending = new PendingRequest();
        }

        pending._pool = pool;
        return pending;
    }

    public void Initialize(DynamicBatcher owner, InferenceRequest request, int rows, int priority, long enqueuedAt, long deadline, CancellationToken token)
    {
        _owner = owner;
        Request = request;
        Rows = rows;
        Priority = priority;
        EnqueuedAt = enqueuedAt;
        Deadline = deadline;
        Token = token;
        Running = false;
        Queued = false;
        _completed = 0;
        _references = 2;
    }

    /// <summary>Starts listening for the caller's cancellation; call after the request is queued.</summary>
    public void ListenForCancellation()
    {
        if (Token.CanBeCanceled)
        {
            _registration = Token.UnsafeRegister(CancelCallback, this);
        }
    }

    /// <summary>Claims the request's single completion without completing it yet (so counters can be updated before the caller resumes).</summary>
    /// <returns>True when this caller won the claim; complete it with <see cref="Succeed"/> or <see cref="Fail"/>.</returns>
    public bool TryClaim() => Interlocked.Exchange(ref _completed, 1) == 0;

    /// <summary>Completes a claimed request with its outputs.</summary>
    public void Succeed(InferenceResponse response)
    {
        StopListening();
        _core.SetResult(response);
    }

    /// <summary>Completes a claimed request with an error.</summary>
    public void Fail(Exception error)
    {
        StopListening();
        _core.SetException(error);
    }

    /// <summary>The batcher is done with the request (it left the queue, or its batch finished).</summary>
    public void ReleaseByBatcher() => Release();

    public InferenceResponse GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void OnCancelled() => _owner?.Cancel(this);

    private void StopListening()
    {
        // Dispose waits for a callback running on another thread, so a recycled request is never touched by a late callback;
        // from inside the callback itself it returns at once.
        _registration.Dispose();
        _registration = default;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        _core.Reset();
        Request = null!;
        _owner = null;
        Token = default;
        var pool = _pool;
        _pool = null;
        pool?.Enqueue(this);
    }
}
