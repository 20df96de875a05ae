namespace MLOps.Serving.Tests.Batching;

public sealed class InlineWhenIdleTests
{
    [Fact]
    public async Task A_request_that_finds_an_idle_instance_runs_on_the_callers_thread_and_is_counted()
    {
        var executor = new RecordingExecutor();
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { MaxBatchSize = 8 });

        var pending = batcher.InferAsync(BatchingModels.Request(7, rows: 2));

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(BatchingModels.Rows(7, 2), BatchingModels.Output(await pending, 2));
        var statistics = batcher.GetStatistics();
        Assert.Equal((1L, 2L, 1L), (statistics.SuccessCount, statistics.InferenceCount, statistics.ExecutionCount));
    }

    [Fact]
    public async Task While_the_instance_is_busy_inline_the_next_requests_queue_and_batch()
    {
        using var gate = new SemaphoreSlim(0);
        var executor = new RecordingExecutor { Gate = gate };
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { MaxBatchSize = 8 });

        var inline = Task.Run(async () => await batcher.InferAsync(BatchingModels.Request(1)));
        await executor.WaitEnteredAsync();
        var queued = Enumerable.Range(2, 3).Select(id => batcher.InferAsync(BatchingModels.Request(id)).AsTask()).ToList();
        Assert.All(queued, task => Assert.False(task.IsCompleted));
        executor.Open();
        await Task.WhenAll(queued.Append(inline));

        Assert.Equal([[1], [2, 3, 4]], executor.BatchIds);
    }

    [Fact]
    public async Task A_queue_delay_or_an_explicit_opt_out_keeps_every_request_on_the_instance_threads()
    {
        using var gate = new SemaphoreSlim(0);
        var executor = new RecordingExecutor { Gate = gate };
        await using var delayed = new DynamicBatcher(executor, new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromMilliseconds(1) });
        await using var optedOut = new DynamicBatcher(executor, new BatchingOptions { MaxBatchSize = 8, InlineWhenIdle = false });

        // Inline, either call would block this thread on the closed gate; queued, both return at once.
        var first = delayed.InferAsync(BatchingModels.Request(1)).AsTask();
        var second = optedOut.InferAsync(BatchingModels.Request(2)).AsTask();

        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        executor.Open();
        await Task.WhenAll(first, second);
    }
}
