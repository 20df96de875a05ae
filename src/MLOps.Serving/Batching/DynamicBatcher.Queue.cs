namespace MLOps.Serving;

/// <summary>The batcher's queue: admission, the decision when a batch goes, batch formation and waiting. All under the gate.</summary>
public sealed partial class DynamicBatcher
{
    /// <summary>
    /// Waits (holding no lock while waiting) until a batch should go, fills <paramref name="batch"/>, and
    /// moves requests whose deadline passed into <paramref name="dropped"/>. Returns false when the
    /// batcher has stopped and its queue is empty.
    /// </summary>
    internal bool TakeBatch(List<PendingRequest> batch, List<PendingRequest> dropped)
    {
        Monitor.Enter(_gate);
        try
        {
            while (true)
            {
                var now = Time.GetTimestamp();
                if (_queuedRequests == 0)
                {
                    if (_stopping)
                    {
                        return false;
                    }

                    Wait(long.MaxValue);
                    continue;
                }

                if (_running >= Options.Instances)
                {
                    // Every instance is busy (a request may be running inline on its caller's thread).
                    Wait(long.MaxValue);
                    continue;
                }

                if (ShouldDispatch(now, out var target, out var wait))
                {
                    Form(now, target, batch, dropped);
                    if (batch.Count > 0)
                    {
                        _running++;
                    }

                    if (batch.Count > 0 || dropped.Count > 0)
                    {
                        return true;
                    }

                    continue;
                }

                Wait(wait);
            }
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    private InferenceException? Enqueue(PendingRequest pending, long now)
    {
        lock (_gate)
        {
            if (pending.IsCompleted)
            {
                // Cancelled between creation and queueing: the cancellation already answered it.
                pending.ReleaseByBatcher();
                return null;
            }

            if (_stopping)
            {
                return new InferenceException(InferenceOutcome.Rejected, $"Model '{ModelName}' version {ModelVersion} is shutting down.");
            }

            if (_queuedRequests >= Options.MaxQueueSize)
            {
                return new InferenceException(InferenceOutcome.Rejected, $"The queue of model '{ModelName}' version {ModelVersion} is full ({Options.MaxQueueSize} requests).");
            }

            _levels[pending.Priority].Enqueue(pending);
            pending.Queued = true;
            _queuedRequests++;
            _queuedRows += pending.Rows;
            if (pending.Deadline != long.MaxValue)
            {
                _queuedDeadlines++;
            }

            if (Options.Adaptive)
            {
                _cost.RecordArrival(now);
            }

            if (_waitingWorkers > 0)
            {
                Monitor.Pulse(_gate);
            }
        }

        ServingMetrics.PendingRequests.Add(1, _modelTag, _versionTag);
        return null;
    }

    private void RemoveFromCounts(PendingRequest pending)
    {
        _queuedRequests--;
        _queuedRows -= pending.Rows;
        if (pending.Deadline != long.MaxValue)
        {
            _queuedDeadlines--;
        }

        ServingMetrics.PendingRequests.Add(-1, _modelTag, _versionTag);
    }

    private bool ShouldDispatch(long now, out int target, out long wait)
    {
        target = Options.MaxBatchSize;
        wait = long.MaxValue;
        if (_stopping || !IsBatching || Volatile.Read(ref _singleRequestBatches) || _queuedRows >= Options.MaxBatchSize)
        {
            return true;
        }

        if (_maxDelayTicks == 0 && _preferredSizes.Length == 0)
        {
            return true;
        }

        Scan(now, out var oldest, out var rows, out var preferred, out var earliestDeadline, out var expired);
        if (rows == 0 || expired)
        {
            // A queued request is past its deadline: let the batch formation drop it now (and send the live
            // ones, as the deadline cap below intended), rather than when the queue delay runs out.
            return true;
        }

        if (preferred > 0)
        {
            target = preferred;
            return true;
        }

        var remaining = _maxDelayTicks - (now - oldest);
        if (earliestDeadline != long.MaxValue)
        {
            remaining = Math.Min(remaining, earliestDeadline - now - (long)_cost.Estimate(rows));
        }

        if (remaining <= 0)
        {
            return true;
        }

        if (Options.Adaptive)
        {
            if (!_cost.WaitingPays(out var expected))
            {
                return true;
            }

            remaining = Math.Min(remaining, expected);
        }

        wait = remaining;
        return false;
    }

    /// <summary>Walks the live queue in dispatch order up to the maximum batch size.</summary>
    private void Scan(long now, out long oldest, out int rows, out int preferred, out long earliestDeadline, out bool expired)
    {
        oldest = long.MaxValue;
        rows = 0;
        preferred = 0;
        earliestDeadline = long.MaxValue;
        expired = false;
        foreach (var level in _levels)
        {
            for (var i = 0; i < level.Count; i++)
            {
                var pending = level[i];
                if (!pending.Queued)
                {
                    continue;
                }

                if (pending.Deadline <= now)
                {
                    expired = true;
                    continue;
                }

                if (rows + pending.Rows > Options.MaxBatchSize)
                {
                    return;
                }

                rows += pending.Rows;
                oldest = Math.Min(oldest, pending.EnqueuedAt);
                earliestDeadline = Math.Min(earliestDeadline, pending.Deadline);
                if (Array.BinarySearch(_preferredSizes, rows) >= 0)
                {
                    preferred = rows;
                }
            }
        }
    }

    private void Form(long now, int target, List<PendingRequest> batch, List<PendingRequest> dropped)
    {
        var rows = 0;
        var single = !IsBatching || Volatile.Read(ref _singleRequestBatches);
        foreach (var level in _levels)
        {
            while (level.Count > 0)
            {
                var pending = level[0];
                if (!pending.Queued)
                {
                    level.Dequeue();
                    pending.ReleaseByBatcher();
                    continue;
                }

                if (pending.Deadline <= now)
                {
                    level.Dequeue();
                    RemoveFromCounts(pending);
                    pending.Queued = false;
                    dropped.Add(pending);
                    continue;
                }

                if (batch.Count > 0 && (single || rows + pending.Rows > target || !SameRowShapes(batch[0], pending)))
                {
                    return;
                }

                level.Dequeue();
                RemoveFromCounts(pending);
                pending.Queued = false;
                pending.Running = true;
                batch.Add(pending);
                rows += pending.Rows;
            }
        }
    }

    private static bool SameRowShapes(PendingRequest head, PendingRequest candidate)
    {
        var a = head.Request.Inputs;
        var b = candidate.Request.Inputs;
        for (var i = 0; i < a.Count; i++)
        {
            if (!TensorRows.SameRowShape(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Waits on the gate for a new request or for <paramref name="ticks"/>; sub-millisecond waits yield instead of sleeping.</summary>
    private void Wait(long ticks)
    {
        if (ticks == long.MaxValue)
        {
            _waitingWorkers++;
            Monitor.Wait(_gate);
            _waitingWorkers--;
            return;
        }

        var milliseconds = ticks * 1000 / Time.TimestampFrequency;
        if (milliseconds >= 1)
        {
            // Capped so a test clock that jumps ahead is noticed promptly.
            _waitingWorkers++;
            Monitor.Wait(_gate, (int)Math.Min(milliseconds, 50));
            _waitingWorkers--;
            return;
        }

        Monitor.Exit(_gate);
        try
        {
            Thread.Yield();
        }
        finally
        {
            Monitor.Enter(_gate);
        }
    }
}
