using FsCheck;
using FsCheck.Fluent;
using MLOps.Tensors;

namespace MLOps.Serving.Tests.Batching;

/// <summary>
/// The batcher answers every request exactly once, whatever the mix of row counts, arrival gaps,
/// deadlines, cancellations, priorities, instances and executor failures.
/// </summary>
public sealed class DynamicBatcherPropertyTests
{
    private const int MaxBatchSize = 8;

    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);

    private static readonly Gen<RequestSpec> Requests =
        from rows in Gen.Choose(1, 4)
        from gap in Gen.Frequency((5, Gen.Constant(Gap.None)), (3, Gen.Constant(Gap.Yield)), (2, Gen.Constant(Gap.Sleep)))
        from timeout in Gen.Frequency((4, Gen.Constant<int?>(null)), (1, Gen.Choose(1, 4).Select(t => (int?)t)))
        from cancel in Gen.Frequency((4, Gen.Constant(Cancel.Never)), (1, Gen.Elements(Cancel.Before, Cancel.Right, Cancel.Soon, Cancel.Later)))
        from priority in Gen.Choose(0, 1)
        from poison in Gen.Frequency((15, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new RequestSpec(rows, gap, timeout, cancel, priority, poison);

    private static readonly Gen<BatchCase> Cases =
        from delay in Gen.Choose(0, 2)
        from instances in Gen.Choose(1, 2)
        from queue in Gen.Frequency((4, Gen.Constant(4096)), (1, Gen.Choose(2, 6)))
        from batchMicroseconds in Gen.Elements(0, 0, 200, 1000)
        from count in Gen.Choose(1, 24)
        from requests in Requests.ArrayOf(count)
        select new BatchCase(delay, instances, queue, batchMicroseconds, requests);

    private enum Gap
    {
        None,
        Yield,
        Sleep,
    }

    private enum Cancel
    {
        Never,
        Before,
        Right,
        Soon,
        Later,
    }

    [Fact]
    public void Every_request_ends_exactly_once_with_its_own_rows_or_an_allowed_error()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(80), Prop.ForAll(Arb.From(Cases), RunCase));
    }

    private static bool RunCase(BatchCase c)
    {
        using var executor = new RecordingExecutor { FailOnPoison = true, BatchTime = TimeSpan.FromMicroseconds(c.BatchMicroseconds) };
        var batcher = new DynamicBatcher(executor, new BatchingOptions
        {
            MaxBatchSize = MaxBatchSize,
            MaxQueueDelay = TimeSpan.FromMilliseconds(c.DelayMs),
            Instances = c.Instances,
            PriorityLevels = 2,
            MaxQueueSize = c.QueueSize,
        });
        var n = c.Requests.Length;
        var tasks = new Task<InferenceResponse>[n];
        var sources = new CancellationTokenSource?[n];
        try
        {
            for (var i = 0; i < n; i++)
            {
                var spec = c.Requests[i];
                switch (spec.Gap)
                {
                    case Gap.Yield:
                        Thread.Yield();
                        break;
                    case Gap.Sleep:
                        Thread.Sleep(1);
                        break;
                }

                var request = new InferenceRequest(Tensor.Create(BatchingModels.Rows(i, spec.Rows, spec.Poison ? RecordingExecutor.Poison : 0), spec.Rows, BatchingModels.Features))
                {
                    Priority = spec.Priority,
                    Timeout = spec.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                };
                var token = CancellationToken.None;
                if (spec.Cancel != Cancel.Never)
                {
                    var source = new CancellationTokenSource();
                    sources[i] = source;
                    token = source.Token;
                    switch (spec.Cancel)
                    {
                        case Cancel.Before:
                            source.Cancel();
                            break;
                        case Cancel.Soon:
                            source.CancelAfter(1);
                            break;
                        case Cancel.Later:
                            source.CancelAfter(3);
                            break;
                    }
                }

                tasks[i] = batcher.InferAsync(request, token).AsTask();
                if (spec.Cancel == Cancel.Right)
                {
                    sources[i]!.Cancel();
                }
            }

            if (!Task.WhenAll(tasks).ContinueWith(_ => { }, TaskScheduler.Default).Wait(CaseLimit))
            {
                var stuck = Enumerable.Range(0, n).Where(i => !tasks[i].IsCompleted).ToArray();
                throw new TimeoutException($"Requests {string.Join(", ", stuck)} of {c} never ended; batches {Describe(executor.BatchIds)}.");
            }

            if (!batcher.DisposeAsync().AsTask().Wait(CaseLimit))
            {
                throw new TimeoutException($"Disposal of {c} hung.");
            }

            Verify(c, tasks, executor, batcher.GetStatistics());
            return true;
        }
        finally
        {
            foreach (var source in sources)
            {
                source?.Dispose();
            }
        }
    }

    private static void Verify(BatchCase c, Task<InferenceResponse>[] tasks, RecordingExecutor executor, BatcherStatistics statistics)
    {
        var batches = executor.Batches;
        var context = $"{c}; batches {Describe(executor.BatchIds)}";

        // Where each request's rows went: at most one batch, contiguous, in order; no batch over the cap.
        var batchOf = new int?[tasks.Length];
        for (var b = 0; b < batches.Count; b++)
        {
            var rows = batches[b];
            Assert.True(rows.Length is >= 1 and <= MaxBatchSize, $"Batch {b} has {rows.Length} rows: {context}");
            var r = 0;
            var lastPriority = 0;
            var lastIdOfPriority = new[] { -1, -1 };
            while (r < rows.Length)
            {
                var id = (int)rows[r][0];
                Assert.True(batchOf[id] is null, $"Request {id} ran twice: {context}");
                batchOf[id] = b;
                var spec = c.Requests[id];
                Assert.True(r + spec.Rows <= rows.Length, $"Request {id} was split: {context}");
                Assert.Equal(BatchingModels.Rows(id, spec.Rows, spec.Poison ? RecordingExecutor.Poison : 0), rows[r..(r + spec.Rows)].SelectMany(x => x).ToArray());

                // Within a batch, the more urgent level comes first, and each level is FIFO.
                Assert.True(spec.Priority >= lastPriority, $"Batch {b} puts priority {spec.Priority} after {lastPriority}: {context}");
                Assert.True(id > lastIdOfPriority[spec.Priority], $"Batch {b} breaks FIFO at request {id}: {context}");
                lastPriority = spec.Priority;
                lastIdOfPriority[spec.Priority] = id;
                r += spec.Rows;
            }
        }

        // One instance runs batches in the order it forms them: each level stays FIFO across batches.
        if (c.Instances == 1)
        {
            var last = new[] { -1, -1 };
            foreach (var id in batches.SelectMany(b => b.Select(row => (int)row[0]).Distinct()))
            {
                var priority = c.Requests[id].Priority;
                Assert.True(id > last[priority], $"Request {id} ran after a later request of its level: {context}");
                last[priority] = id;
            }
        }

        long success = 0, rejected = 0, deadline = 0, cancelled = 0, failed = 0;
        for (var i = 0; i < tasks.Length; i++)
        {
            var spec = c.Requests[i];
            var task = tasks[i];
            Assert.True(task.IsCompleted, $"Request {i} did not end: {context}");
            if (task.IsCompletedSuccessfully)
            {
                success++;
                Assert.False(spec.Poison, $"Poisoned request {i} succeeded: {context}");
                Assert.NotNull(batchOf[i]);
                Assert.DoesNotContain(batches[batchOf[i]!.Value], row => row[2] == RecordingExecutor.Poison);
                var y = Assert.IsType<Tensor<float>>(task.Result["y"]);
                Assert.Equal(new TensorShape(spec.Rows, BatchingModels.Features), y.Shape);
                Assert.Equal(BatchingModels.Rows(i, spec.Rows), y.ToArray());
                continue;
            }

            var error = task.Exception?.InnerException;
            if (task.IsCanceled || error is OperationCanceledException)
            {
                cancelled++;
                Assert.True(spec.Cancel != Cancel.Never, $"Request {i} was cancelled without a token: {context}");
                if (spec.Cancel == Cancel.Before)
                {
                    Assert.Null(batchOf[i]);
                }

                continue;
            }

            var inference = Assert.IsType<InferenceException>(error);
            switch (inference.Outcome)
            {
                case InferenceOutcome.Rejected:
                    rejected++;
                    Assert.True(c.QueueSize < 4096, $"Request {i} was rejected with room in the queue: {context}");
                    Assert.Null(batchOf[i]);
                    break;
                case InferenceOutcome.DeadlineExceeded:
                    deadline++;
                    Assert.True(spec.TimeoutMs is not null, $"Request {i} passed a deadline it did not have: {context}");
                    Assert.True(batchOf[i] is null, $"Request {i} passed its deadline but ran: {context}");
                    break;
                case InferenceOutcome.Failed:
                    failed++;
                    Assert.NotNull(batchOf[i]);
                    Assert.Contains(batches[batchOf[i]!.Value], row => row[2] == RecordingExecutor.Poison);
                    break;
                default:
                    Assert.Fail($"Request {i} ended with outcome {inference.Outcome}: {context}");
                    break;
            }
        }

        Assert.Equal(tasks.Length, statistics.SuccessCount + statistics.FailureCount);
        Assert.Equal(success, statistics.SuccessCount);
        Assert.Equal(rejected, statistics.RejectedCount);
        Assert.Equal(deadline, statistics.DeadlineExceededCount);
        Assert.Equal(cancelled, statistics.CancelledCount);
        Assert.Equal(failed, statistics.FailedCount);
        var healthy = batches.Where(b => b.All(row => row[2] != RecordingExecutor.Poison)).ToArray();
        Assert.Equal(healthy.Length, statistics.ExecutionCount);
        Assert.Equal(healthy.Sum(b => b.Length), statistics.InferenceCount);
        Assert.Equal(0, statistics.PendingRequests);
    }

    private static string Describe(IReadOnlyList<int[]> batches) => string.Join(" ", batches.Select(b => "[" + string.Join(",", b) + "]"));

    private sealed record RequestSpec(int Rows, Gap Gap, int? TimeoutMs, Cancel Cancel, int Priority, bool Poison);

    private sealed record BatchCase(int DelayMs, int Instances, int QueueSize, int BatchMicroseconds, RequestSpec[] Requests)
    {
        public override string ToString() =>
            $"delay {DelayMs} ms, {Instances} instance(s), queue {QueueSize}, {BatchMicroseconds} us per batch, requests " +
            string.Join(" ", Requests.Select((r, i) => $"#{i}:{r.Rows}r/p{r.Priority}{(r.TimeoutMs is { } t ? $"/t{t}" : string.Empty)}{(r.Cancel != Cancel.Never ? "/" + r.Cancel : string.Empty)}{(r.Poison ? "/poison" : string.Empty)}/{r.Gap}"));
    }
}
