using System.Diagnostics.Metrics;
using System.Threading.Channels;
using MLOps.Storage.Sql;
using MLOps.Tracking.Schema;

namespace MLOps.Tracking.Metrics;

/// <summary>
/// The one background writer of a store's metric points. Loggers enqueue on a bounded channel without
/// touching the database; the writer drains whatever is waiting (up to
/// <see cref="TrackingOptions.MaxMetricBatchSize"/>) and commits it in one transaction, retried on
/// transient errors. A flush is a barrier in the same channel, so it completes exactly when every
/// point queued before it is committed, and reports any write failure since the previous flush.
/// </summary>
internal sealed class MetricWriter : IAsyncDisposable
{
    private static readonly Meter Meter = new("MLOps.Tracking");
    private static readonly Counter<long> PointsWritten = Meter.CreateCounter<long>("mlops.tracking.metric_points.written", "{point}", "Metric points committed to the store.");
    private static readonly Histogram<long> BatchSizes = Meter.CreateHistogram<long>("mlops.tracking.metric_batch.size", "{point}", "Metric points per committed batch.");

    private readonly TrackingContext _context;
    private readonly Channel<MetricWrite> _channel;
    private readonly Task _loop;
    private readonly Lock _errorLock = new();
    private Exception? _error;
    private int _disposed;

    public MetricWriter(TrackingContext context)
    {
        _context = context;
        _channel = Channel.CreateBounded<MetricWrite>(new BoundedChannelOptions(context.Options.MetricBufferCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a point; waits only while the buffer is full.</summary>
    public void Enqueue(in MetricWrite point)
    {
        if (_channel.Writer.TryWrite(point))
        {
            return;
        }

        // The buffer is full: the producer is outrunning the database. Waiting here is the back-pressure
        // that keeps memory bounded.
        ThrowIfDisposed();
        _channel.Writer.WriteAsync(point).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Queues a point, waiting asynchronously while the buffer is full.</summary>
    public ValueTask EnqueueAsync(MetricWrite point, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(point))
        {
            return ValueTask.CompletedTask;
        }

        ThrowIfDisposed();
        return _channel.Writer.WriteAsync(point, cancellationToken);
    }

    /// <summary>Completes when every point queued before the call is committed; throws the first write error since the last flush.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync(new MetricWrite(0, string.Empty, 0, 0, 0, barrier), cancellationToken).ConfigureAwait(false);
        await barrier.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes everything queued, stops the writer, and rethrows any write error not yet reported.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        if (TakeError() is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var buffer = new MetricWrite[Math.Min(_context.Options.MaxMetricBatchSize, 65_536)];
        var barriers = new List<TaskCompletionSource>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var count = 0;
            while (count < _context.Options.MaxMetricBatchSize && reader.TryRead(out var item))
            {
                if (item.Barrier is { } barrier)
                {
                    barriers.Add(barrier);
                    continue;
                }

                if (count == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, _context.Options.MaxMetricBatchSize));
                }

                buffer[count++] = item;
            }

            if (count > 0)
            {
                await CommitAsync(buffer, count).ConfigureAwait(false);
            }

            if (barriers.Count > 0)
            {
                var error = TakeError();
                foreach (var barrier in barriers)
                {
                    if (error is null)
                    {
                        barrier.TrySetResult();
                    }
                    else
                    {
                        barrier.TrySetException(error);
                    }
                }

                barriers.Clear();
            }
        }
    }

    private async Task CommitAsync(MetricWrite[] buffer, int count)
    {
        try
        {
            var batch = MetricBatch.Create(buffer.AsSpan(0, count));
            await _context.Database.WriteAsync(
                (connection, transaction, ct) => _context.Points.WriteAsync(connection, transaction, batch, ct),
                CancellationToken.None).ConfigureAwait(false);
            PointsWritten.Add(count);
            BatchSizes.Record(count);
        }
#pragma warning disable CA1031 // The writer must outlive a failed batch; the error is reported to the next flush or dispose.
        catch (Exception e)
#pragma warning restore CA1031
        {
            lock (_errorLock)
            {
                _error ??= e;
            }
        }
        finally
        {
            // Drop the references to keys so a long-lived buffer does not pin strings.
            Array.Clear(buffer, 0, count);
        }
    }

    private Exception? TakeError()
    {
        lock (_errorLock)
        {
            var error = _error;
            _error = null;
            return error;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
