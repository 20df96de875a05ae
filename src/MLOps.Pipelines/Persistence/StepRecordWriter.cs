using System.Threading.Channels;

namespace MLOps.Pipelines.Persistence;

/// <summary>
/// Batches step rows and cache entries: steps enqueue and move on; one loop commits everything queued in
/// one transaction. A step's artifacts are in the blob store before its row is queued, so a row never points
/// at a missing blob; a crash loses only unflushed rows, whose steps a resume recomputes.
/// </summary>
internal sealed class StepRecordWriter : IAsyncDisposable
{
    private const int MaxBatch = 2000;

    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(2);

    private readonly PipelineStore _store;
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private Exception? _failure;

    public StepRecordWriter(PipelineStore store)
    {
        _store = store;
        _loop = Task.Run(RunAsync);
    }

    public void Enqueue(StepRecord step, CacheEntry? cache)
    {
        _queue.Writer.TryWrite(step);
        if (cache is not null)
        {
            _queue.Writer.TryWrite(cache);
        }
    }

    /// <summary>Waits until everything queued so far is committed; rethrows a failed write.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(done))
        {
            throw new ObjectDisposedException(nameof(StepRecordWriter));
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _failure) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var steps = new List<StepRecord>();
        var cache = new List<CacheEntry>();
        var waiters = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Drain(steps, cache, waiters);
            if (waiters.Count == 0 && steps.Count + cache.Count < MaxBatch)
            {
                // Nobody waits for these rows yet: gather a few milliseconds' worth into one transaction rather
                // than committing (and waking this thread) once per step.
                await Task.Delay(BatchWindow).ConfigureAwait(false);
                Drain(steps, cache, waiters);
            }

            try
            {
                if (steps.Count + cache.Count > 0)
                {
                    await _store.WriteAsync(steps, cache, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception exception)
            {
                Volatile.Write(ref _failure, exception);
            }

            steps.Clear();
            cache.Clear();
            foreach (var waiter in waiters)
            {
                waiter.TrySetResult();
            }

            waiters.Clear();
        }
    }

    private void Drain(List<StepRecord> steps, List<CacheEntry> cache, List<TaskCompletionSource> waiters)
    {
        while (steps.Count + cache.Count < MaxBatch && _queue.Reader.TryRead(out var item))
        {
            switch (item)
            {
                case StepRecord step:
                    steps.Add(step);
                    break;
                case CacheEntry entry:
                    cache.Add(entry);
                    break;
                case TaskCompletionSource waiter:
                    waiters.Add(waiter);

                    // Rows queued after a flush request need not hold it up.
                    return;
            }
        }
    }
}
