using System.Collections.Concurrent;

namespace MLOps.Serving;

/// <summary>The batcher's running totals, updated with interlocked adds; <see cref="Snapshot"/> reads them.</summary>
internal sealed class BatcherCounters
{
    private readonly long[] _batchSizes;

    // Batches larger than the maximum batch size: single requests with more rows when batching is off.
    private readonly ConcurrentDictionary<int, long> _largerBatches = new();
    private long _success;
    private long _rejected;
    private long _deadline;
    private long _cancelled;
    private long _failed;
    private long _inferences;
    private long _executions;
    private long _requestTicks;
    private long _queueTicks;
    private long _computeTicks;
    private long _lastInference = long.MinValue;

    public BatcherCounters(int maxBatchSize) => _batchSizes = new long[maxBatchSize + 1];

    public void Count(InferenceOutcome outcome)
    {
        switch (outcome)
        {
            case InferenceOutcome.Rejected:
                Interlocked.Increment(ref _rejected);
                break;
            case InferenceOutcome.DeadlineExceeded:
                Interlocked.Increment(ref _deadline);
                break;
            case InferenceOutcome.Cancelled:
                Interlocked.Increment(ref _cancelled);
                break;
            case InferenceOutcome.Failed:
                Interlocked.Increment(ref _failed);
                break;
            default:
                Interlocked.Increment(ref _success);
                break;
        }
    }

    public void Success(long requestTicks, long queueTicks)
    {
        Interlocked.Increment(ref _success);
        Interlocked.Add(ref _requestTicks, requestTicks);
        Interlocked.Add(ref _queueTicks, queueTicks);
    }

    public void Batch(int rows, long computeTicks, DateTimeOffset finished)
    {
        Interlocked.Add(ref _inferences, rows);
        Interlocked.Increment(ref _executions);
        Interlocked.Add(ref _computeTicks, computeTicks);
        if (rows < _batchSizes.Length)
        {
            Interlocked.Increment(ref _batchSizes[rows]);
        }
        else
        {
            _largerBatches.AddOrUpdate(rows, 1, static (_, count) => count + 1);
        }

        Interlocked.Exchange(ref _lastInference, finished.UtcTicks);
    }

    public BatcherStatistics Snapshot(int pending, long frequency)
    {
        var sizes = new List<KeyValuePair<int, long>>();
        for (var size = 0; size < _batchSizes.Length; size++)
        {
            var count = Interlocked.Read(ref _batchSizes[size]);
            if (count > 0)
            {
                sizes.Add(new(size, count));
            }
        }

        sizes.AddRange(_largerBatches.OrderBy(pair => pair.Key));

        var last = Interlocked.Read(ref _lastInference);
        return new BatcherStatistics
        {
            SuccessCount = Interlocked.Read(ref _success),
            RejectedCount = Interlocked.Read(ref _rejected),
            DeadlineExceededCount = Interlocked.Read(ref _deadline),
            CancelledCount = Interlocked.Read(ref _cancelled),
            FailedCount = Interlocked.Read(ref _failed),
            InferenceCount = Interlocked.Read(ref _inferences),
            ExecutionCount = Interlocked.Read(ref _executions),
            RequestDuration = ToTimeSpan(Interlocked.Read(ref _requestTicks), frequency),
            QueueDuration = ToTimeSpan(Interlocked.Read(ref _queueTicks), frequency),
            ComputeDuration = ToTimeSpan(Interlocked.Read(ref _computeTicks), frequency),
            PendingRequests = pending,
            LastInference = last == long.MinValue ? null : new DateTimeOffset(last, TimeSpan.Zero),
            BatchSizes = sizes,
        };
    }

    private static TimeSpan ToTimeSpan(long ticks, long frequency) => TimeSpan.FromSeconds((double)ticks / frequency);
}
