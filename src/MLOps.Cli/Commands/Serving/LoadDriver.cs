using System.Diagnostics;

namespace MLOps.Cli.Commands.Serving;

/// <summary>
/// Runs closed-loop callers against a target, after Triton's perf_analyzer: each caller sends its next
/// request as soon as the last one answers. Requests that start during the warm-up are not measured;
/// callers stop starting requests when the measured window ends. Latencies are Stopwatch timestamps.
/// </summary>
internal static class LoadDriver
{
    /// <summary>How many distinct error messages a report keeps.</summary>
    private const int ErrorSampleCount = 5;

    /// <summary>Runs the callers and measures them.</summary>
    /// <param name="target">The target.</param>
    /// <param name="concurrency">The number of callers.</param>
    /// <param name="warmup">How long to run before measuring.</param>
    /// <param name="duration">How long to measure.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The measurements.</returns>
    public static async Task<LoadMeasurement> RunAsync(ILoadTarget target, int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var callers = Enumerable.Range(0, concurrency).Select(target.CreateCaller).ToArray();
        var errors = new ErrorLog();
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + ToTicks(warmup);
        var measureEnd = measureStart + ToTicks(duration);
        var before = ReadAtAsync(target, measureStart, cancellationToken);
        var loops = callers.Select(caller => Task.Run(() => LoopAsync(caller, measureStart, measureEnd, errors, cancellationToken), cancellationToken)).ToArray();
        var results = await Task.WhenAll(loops).ConfigureAwait(false);
        var countersBefore = await before.ConfigureAwait(false);
        var countersAfter = await target.ReadCountersAsync(cancellationToken).ConfigureAwait(false);

        var count = results.Sum(r => r.Latencies.Count);
        var latencies = new long[count];
        var offset = 0;
        foreach (var result in results)
        {
            result.Latencies.CopyTo(latencies, offset);
            offset += result.Latencies.Count;
        }

        Array.Sort(latencies);
        var end = Math.Max(measureEnd, results.Max(r => r.LastEnd));
        var seconds = (end - measureStart) / (double)Stopwatch.Frequency;
        double Microseconds(long ticks) => Math.Round(ticks * 1e6 / Stopwatch.Frequency, 1);
        double Percentile(double p) => count == 0 ? 0 : Microseconds(latencies[Math.Min(count - 1, (int)Math.Ceiling(p * count) - 1)]);
        return new LoadMeasurement(
            count,
            seconds,
            Percentile(0.5),
            Percentile(0.9),
            Percentile(0.99),
            count == 0 ? 0 : Math.Round(latencies.Average(static l => (double)l) * 1e6 / Stopwatch.Frequency, 1),
            count == 0 ? 0 : Microseconds(latencies[^1]),
            errors.Count,
            errors.Samples,
            BatchCounters.MeanBatchSize(countersBefore, countersAfter));
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static async Task<BatchCounters?> ReadAtAsync(ILoadTarget target, long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        return await target.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CallerResult> LoopAsync(Func<CancellationToken, ValueTask> send, long measureStart, long measureEnd, ErrorLog errors, CancellationToken cancellationToken)
    {
        var latencies = new List<long>(1024);
        var lastEnd = 0L;
        while (true)
        {
            var begin = Stopwatch.GetTimestamp();
            if (begin >= measureEnd)
            {
                break;
            }

            try
            {
                await send(cancellationToken).ConfigureAwait(false);
                var finish = Stopwatch.GetTimestamp();
                if (begin >= measureStart)
                {
                    latencies.Add(finish - begin);
                    lastEnd = finish;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Every failure is counted and sampled; the run goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (begin >= measureStart)
                {
                    errors.Add(exception);
                    lastEnd = Stopwatch.GetTimestamp();
                }
            }
        }

        return new CallerResult(latencies, lastEnd);
    }

    private sealed record CallerResult(List<long> Latencies, long LastEnd);

    /// <summary>Counts errors and keeps the first few distinct messages.</summary>
    private sealed class ErrorLog
    {
        private readonly Lock _gate = new();
        private readonly List<string> _samples = [];
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public IReadOnlyList<string> Samples
        {
            get
            {
                lock (_gate)
                {
                    return [.. _samples];
                }
            }
        }

        public void Add(Exception exception)
        {
            Interlocked.Increment(ref _count);
            var message = (exception is MLOpsException or HttpRequestException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}").ReplaceLineEndings(" ");
            lock (_gate)
            {
                if (_samples.Count < ErrorSampleCount && !_samples.Contains(message, StringComparer.Ordinal))
                {
                    _samples.Add(message);
                }
            }
        }
    }
}
