using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace MLOps.Serving.Execution;

/// <summary>
/// A small fork-join pool for kernels: <see cref="For"/> runs <c>body(state, i)</c> for every index
/// on the calling thread and <c>threads - 1</c> workers. Workers spin briefly between jobs (so
/// back-to-back inference calls do not pay a wake-up) and then sleep. Work is passed as a function
/// pointer and a pointer to the caller's stack, so a job allocates nothing. One job runs at a time;
/// a caller that finds the pool busy (another call in flight) runs its job inline.
/// </summary>
internal sealed unsafe class ParallelRunner : IDisposable
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private readonly Thread[] _workers;
    private readonly SemaphoreSlim _wake = new(0);
    private delegate*<void*, int, void> _body;
    private void* _state;
    private int _count;
    private int _next;
    private int _remaining;
    private int _generation; // odd: a job is open; even: closed
    private int _active;
    private int _sleepers;
    private int _busy;
    private Exception? _error;
    private volatile bool _disposed;

    public ParallelRunner(int threadCount)
    {
        ThreadCount = Math.Max(1, threadCount);
        _workers = new Thread[ThreadCount - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"MLOps.Serving kernel worker {i + 1}" };
            _workers[i].Start();
        }
    }

    public int ThreadCount { get; }

    /// <summary>Runs <paramref name="body"/> for every index in [0, <paramref name="count"/>) and returns when all are done.</summary>
    public void For(int count, delegate*<void*, int, void> body, void* state)
    {
        if (count <= 0)
        {
            return;
        }

        if (count == 1 || _workers.Length == 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (var i = 0; i < count; i++)
            {
                body(state, i);
            }

            return;
        }

        try
        {
            _body = body;
            _state = state;
            _count = count;
            _next = 0;
            _remaining = count;
            Interlocked.Increment(ref _generation);
            var sleepers = Volatile.Read(ref _sleepers);
            if (sleepers > 0)
            {
                _wake.Release(sleepers);
            }

            RunItems(body, state, count);
            var spin = default(SpinWait);
            while (Volatile.Read(ref _remaining) > 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            // Close the job, then wait for workers that joined it to leave before the caller's state goes out of scope.
            Interlocked.Increment(ref _generation);
            while (Volatile.Read(ref _active) > 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            if (Interlocked.Exchange(ref _error, null) is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _wake.Release(_workers.Length + 1);
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _wake.Dispose();
    }

    private void RunItems(delegate*<void*, int, void> body, void* state, int count)
    {
        while (true)
        {
            var index = Interlocked.Increment(ref _next) - 1;
            if (index >= count)
            {
                return;
            }

            try
            {
                body(state, index);
            }
            catch (Exception exception)
            {
                // A worker must never die of a kernel's exception: the caller rethrows it.
                Interlocked.CompareExchange(ref _error, exception, null);
            }
            finally
            {
                Interlocked.Decrement(ref _remaining);
            }
        }
    }

    private void WorkerLoop()
    {
        var seen = 0;
        while (!_disposed)
        {
            var generation = WaitForJob(seen);
            if (generation < 0)
            {
                return;
            }

            seen = generation;
            if ((generation & 1) == 0)
            {
                continue;
            }

            Interlocked.Increment(ref _active);
            if (Volatile.Read(ref _generation) == generation)
            {
                // The job cannot close while this worker is registered, so its fields are stable.
                RunItems(_body, _state, _count);
            }

            Interlocked.Decrement(ref _active);
        }
    }

    private int WaitForJob(int seen)
    {
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            for (var i = 0; i < 64; i++)
            {
                var generation = Volatile.Read(ref _generation);
                if (generation != seen)
                {
                    return generation;
                }

                Thread.SpinWait(20);
            }

            if (_disposed)
            {
                return -1;
            }

            if (Stopwatch.GetTimestamp() - start > SpinTicks)
            {
                Interlocked.Increment(ref _sleepers);
                if (Volatile.Read(ref _generation) == seen && !_disposed)
                {
                    _wake.Wait();
                }

                Interlocked.Decrement(ref _sleepers);
                start = Stopwatch.GetTimestamp();
            }
        }
    }
}
