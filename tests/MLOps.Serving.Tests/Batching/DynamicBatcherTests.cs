using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MLOps.Tensors;

namespace MLOps.Serving.Tests.Batching;

/// <summary>
/// The dynamic batcher's semantics, driven through a recording executor whose gate the test opens, so
/// every assertion is about outcomes and orderings, never about durations.
/// </summary>
public sealed class DynamicBatcherTests
{
    /// <summary>A generous "did not hang" limit; no assertion depends on how fast anything is.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task One_request_on_a_real_mlp_matches_a_direct_run()
    {
        var (bytes, _) = TestModels.Mlp(256, 512, 10);
        using var model = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = 1 });
        await using var batcher = new DynamicBatcher(model);
        Assert.True(batcher.IsBatching);
        var input = Tensor.Create(TestModels.Random(256, 1), 1, 256);

        var response = await batcher.InferAsync(new InferenceRequest(input) { Id = "r1" }).AsTask().WaitAsync(Limit);

        var expected = (Tensor<float>)model.Run(new Dictionary<string, Tensor> { ["input"] = input })["output"];
        var actual = Assert.IsType<Tensor<float>>(response["output"]);
        Assert.Equal(new TensorShape(1, 10), actual.Shape);
        Assert.Equal("r1", response.Id);
        Assert.Equal("model", response.ModelName);
        TestModels.AssertClose(expected.Span, actual.Span, relative: 0, absolute: 1e-5);
    }

    [Fact]
    public async Task Sixty_four_concurrent_requests_on_a_real_mlp_are_batched_and_each_matches_a_single_run()
    {
        const int Count = 64;
        var (bytes, _) = TestModels.Mlp(256, 512, 10);
        using var model = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = 1 });
        var batcher = new DynamicBatcher(model, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 64, MaxQueueDelay = TimeSpan.FromMilliseconds(20) });
        var inputs = Enumerable.Range(0, Count).Select(i => Tensor.Create(TestModels.Random(256, 1000 + i), 1, 256)).ToArray();

        var tasks = inputs.Select(input => Task.Run(() => batcher.InferAsync(new InferenceRequest(input)).AsTask())).ToArray();
        var responses = await Task.WhenAll(tasks).WaitAsync(Limit);
        await batcher.DisposeAsync();

        for (var i = 0; i < Count; i++)
        {
            var expected = (Tensor<float>)model.Run(new Dictionary<string, Tensor> { ["input"] = inputs[i] })["output"];
            var actual = Assert.IsType<Tensor<float>>(responses[i]["output"]);
            Assert.Equal(new TensorShape(1, 10), actual.Shape);
            TestModels.AssertClose(expected.Span, actual.Span, relative: 0, absolute: 1e-5);
        }

        var statistics = batcher.GetStatistics();
        Assert.Equal(Count, statistics.SuccessCount);
        Assert.Equal(0, statistics.FailureCount);
        Assert.Equal(Count, statistics.InferenceCount);
        Assert.True(statistics.MeanBatchSize > 1, $"Mean batch size {statistics.MeanBatchSize} over {statistics.ExecutionCount} batches.");
    }

    [Fact]
    public async Task Identity_model_outputs_are_not_overwritten_by_later_batches()
    {
        // Responses are views of each batch's output; the worker reuses its input buffers, so this checks that
        // no response aliases them (every response is read only after all batches have run).
        using var model = OnnxModel.Load(BatchingModels.Identity("N"), new InferenceOptions { ThreadCount = 1 });
        var batcher = new DynamicBatcher(model, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromMilliseconds(1), Instances = 2 });
        var tasks = Enumerable.Range(1, 60).Select(i => Task.Run(() => batcher.InferAsync(BatchingModels.Request(i, 1 + (i % 3))).AsTask())).ToArray();
        var responses = await Task.WhenAll(tasks).WaitAsync(Limit);
        await batcher.DisposeAsync();

        for (var i = 1; i <= 60; i++)
        {
            Assert.Equal(BatchingModels.Rows(i, 1 + (i % 3)), BatchingModels.Output(responses[i - 1], 1 + (i % 3)));
        }
    }

    [Fact]
    public async Task Requests_to_a_two_input_two_output_model_get_their_own_rows_of_every_output()
    {
        using var model = OnnxModel.Load(BatchingModels.SumAndDifference(), new InferenceOptions { ThreadCount = 1 });
        var batcher = new DynamicBatcher(model, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 16, MaxQueueDelay = TimeSpan.FromMilliseconds(5) });
        var a = Enumerable.Range(0, 24).Select(i => TestModels.Random(3 * (1 + (i % 4)), 200 + i)).ToArray();
        var b = Enumerable.Range(0, 24).Select(i => TestModels.Random(3 * (1 + (i % 4)), 300 + i)).ToArray();
        var tasks = Enumerable.Range(0, 24).Select(i => Task.Run(() => batcher.InferAsync(new InferenceRequest(
            [Tensor.Create(a[i], 1 + (i % 4), 3), Tensor.Create(b[i], 1 + (i % 4), 3)])).AsTask())).ToArray();

        var responses = await Task.WhenAll(tasks).WaitAsync(Limit);
        await batcher.DisposeAsync();

        for (var i = 0; i < responses.Length; i++)
        {
            var sum = Assert.IsType<Tensor<float>>(responses[i]["sum"]);
            var diff = Assert.IsType<Tensor<float>>(responses[i]["diff"]);
            Assert.Equal(new TensorShape(1 + (i % 4), 3), sum.Shape);
            Assert.Equal(a[i].Zip(b[i], (x, y) => x + y), sum.ToArray());
            Assert.Equal(a[i].Zip(b[i], (x, y) => x - y), diff.ToArray());
        }

        Assert.True(batcher.GetStatistics().MeanBatchSize > 1);
    }

    [Fact]
    public async Task Inputs_that_disagree_on_rows_are_a_validation_error_naming_both()
    {
        using var model = OnnxModel.Load(BatchingModels.SumAndDifference(), new InferenceOptions { ThreadCount = 1 });
        await using var batcher = new DynamicBatcher(model);
        var request = new InferenceRequest([Tensor.Create(new float[6], 2, 3), Tensor.Create(new float[9], 3, 3)]);

        var error = await Assert.ThrowsAsync<ValidationException>(() => batcher.InferAsync(request).AsTask());

        Assert.Contains("'a' has 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("'b' has 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_whose_output_does_not_keep_the_batch_rows_fails_that_batch_and_then_runs_requests_alone()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0), FirstRowOnly = true };
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8 });
        var blocker = batcher.InferAsync(BatchingModels.Request(0)).AsTask();
        await executor.WaitEnteredAsync();
        var pair = new[] { batcher.InferAsync(BatchingModels.Request(1)).AsTask(), batcher.InferAsync(BatchingModels.Request(2)).AsTask() };

        executor.Open();

        Assert.Equal(BatchingModels.Rows(0, 1), BatchingModels.Output(await blocker.WaitAsync(Limit), 1));
        foreach (var task in pair)
        {
            var error = await Assert.ThrowsAsync<InferenceException>(() => task.WaitAsync(Limit));
            Assert.Equal(InferenceOutcome.Failed, error.Outcome);
            Assert.Contains("cannot be split", error.Message, StringComparison.Ordinal);
        }

        var later = Enumerable.Range(3, 4).Select(i => batcher.InferAsync(BatchingModels.Request(i)).AsTask()).ToArray();
        var responses = await Task.WhenAll(later).WaitAsync(Limit);
        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal(BatchingModels.Rows(i + 3, 1), BatchingModels.Output(responses[i], 1));
        }

        Assert.All(executor.BatchIds.Skip(2), ids => Assert.Single(ids));
    }

    [Fact]
    public async Task Multi_row_requests_sharing_a_batch_keep_their_rows_in_order()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 16 });
        var blocker = batcher.InferAsync(BatchingModels.Request(0)).AsTask();
        await executor.WaitEnteredAsync();
        int[] rows = [3, 1, 4, 2, 4];
        var tasks = rows.Select((r, i) => batcher.InferAsync(BatchingModels.Request(i + 1, r)).AsTask()).ToArray();

        executor.Open();
        await blocker.WaitAsync(Limit);
        var responses = await Task.WhenAll(tasks).WaitAsync(Limit);

        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(BatchingModels.Rows(i + 1, rows[i]), BatchingModels.Output(responses[i], rows[i]));
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), responses[i].Id);
        }

        var batches = executor.BatchIds;
        Assert.Equal(2, batches.Count);
        Assert.Equal([1, 1, 1, 2, 3, 3, 3, 3, 4, 4, 5, 5, 5, 5], batches[1]);
    }

    [Fact]
    public async Task A_full_queue_rejects_at_once_while_the_executor_is_busy()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxQueueSize = 2, MaxBatchSize = 8 });
        var blocker = batcher.InferAsync(BatchingModels.Request(0)).AsTask();
        await executor.WaitEnteredAsync();
        var queued = new[] { batcher.InferAsync(BatchingModels.Request(1)).AsTask(), batcher.InferAsync(BatchingModels.Request(2)).AsTask() };
        Assert.Equal(2, batcher.PendingRequests);

        var rejected = batcher.InferAsync(BatchingModels.Request(3)).AsTask();

        Assert.True(rejected.IsCompleted, "A rejection must not wait for the executor.");
        var error = await Assert.ThrowsAsync<InferenceException>(() => rejected);
        Assert.Equal(InferenceOutcome.Rejected, error.Outcome);
        Assert.Contains("full", error.Message, StringComparison.Ordinal);
        executor.Open();
        await Task.WhenAll([blocker, .. queued]).WaitAsync(Limit);
        Assert.DoesNotContain(executor.BatchIds, b => b.Contains(3));
    }

    [Fact]
    public async Task A_request_whose_deadline_passes_while_queued_fails_with_deadline_exceeded_and_never_runs()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8 });
        var blocker = batcher.InferAsync(BatchingModels.Request(0)).AsTask();
        await executor.WaitEnteredAsync();
        var late = batcher.InferAsync(BatchingModels.Request(1, timeout: TimeSpan.FromMilliseconds(20))).AsTask();
        var patient = batcher.InferAsync(BatchingModels.Request(2, timeout: TimeSpan.FromMinutes(5))).AsTask();

        await Task.Delay(100);
        executor.Open();

        var error = await Assert.ThrowsAsync<InferenceException>(() => late.WaitAsync(Limit));
        Assert.Equal(InferenceOutcome.DeadlineExceeded, error.Outcome);
        Assert.Equal(BatchingModels.Rows(2, 1), BatchingModels.Output(await patient.WaitAsync(Limit), 1));
        await blocker.WaitAsync(Limit);
        await batcher.DisposeAsync();
        Assert.DoesNotContain(executor.BatchIds, b => b.Contains(1));
        var statistics = batcher.GetStatistics();
        Assert.Equal(1, statistics.DeadlineExceededCount);
        Assert.Equal(2, statistics.SuccessCount);
    }

    [Fact]
    public async Task A_deadline_shorter_than_the_queue_delay_ends_the_request_without_waiting_for_the_delay()
    {
        using var executor = new RecordingExecutor();
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromSeconds(50) });

        var task = batcher.InferAsync(BatchingModels.Request(1, timeout: TimeSpan.FromMilliseconds(30))).AsTask();

        // Either outcome is allowed (it may run in time or pass its deadline), but it must not wait 50 s.
        var ended = await Task.WhenAny(task, Task.Delay(Limit));
        Assert.Same(task, ended);
        if (!task.IsCompletedSuccessfully)
        {
            Assert.Equal(InferenceOutcome.DeadlineExceeded, Assert.IsType<InferenceException>(task.Exception!.InnerException).Outcome);
            Assert.Empty(executor.Batches);
        }

        await batcher.DisposeAsync();
    }

    [Fact]
    public async Task A_request_whose_deadline_passes_while_others_wait_for_the_queue_delay_ends_at_its_deadline()
    {
        using var executor = new RecordingExecutor();
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromSeconds(50) });
        var patient = batcher.InferAsync(BatchingModels.Request(1)).AsTask();

        var late = batcher.InferAsync(BatchingModels.Request(2, timeout: TimeSpan.FromMilliseconds(20))).AsTask();

        // It must end near its deadline, not when the 50 s delay of the request ahead of it runs out.
        var error = await Assert.ThrowsAsync<InferenceException>(() => late.WaitAsync(Limit));
        Assert.Equal(InferenceOutcome.DeadlineExceeded, error.Outcome);
        await batcher.DisposeAsync().AsTask().WaitAsync(Limit);
        await patient.WaitAsync(Limit);
        Assert.DoesNotContain(executor.BatchIds, b => b.Contains(2));
        Assert.Equal(1, batcher.GetStatistics().DeadlineExceededCount);
    }

    [Fact]
    public async Task A_timeout_of_timespan_max_value_means_no_deadline()
    {
        using var executor = new RecordingExecutor();
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8 });

        var response = await batcher.InferAsync(BatchingModels.Request(1, timeout: TimeSpan.MaxValue)).AsTask().WaitAsync(Limit);

        Assert.Equal(BatchingModels.Rows(1, 1), BatchingModels.Output(response, 1));
        await batcher.DisposeAsync();
        Assert.Equal(1, batcher.GetStatistics().SuccessCount);
    }

    [Fact]
    public async Task A_default_timeout_of_timespan_max_value_means_no_deadline()
    {
        using var executor = new RecordingExecutor();
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8, DefaultTimeout = TimeSpan.MaxValue });

        var response = await batcher.InferAsync(BatchingModels.Request(1, 2)).AsTask().WaitAsync(Limit);

        Assert.Equal(BatchingModels.Rows(1, 2), BatchingModels.Output(response, 2));
    }

    [Fact]
    public async Task The_default_timeout_applies_to_requests_that_set_none()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, DefaultTimeout = TimeSpan.FromMilliseconds(20) });
        var blocker = batcher.InferAsync(BatchingModels.Request(0, timeout: TimeSpan.FromMinutes(5))).AsTask();
        await executor.WaitEnteredAsync();
        var late = batcher.InferAsync(BatchingModels.Request(1)).AsTask();

        await Task.Delay(100);
        executor.Open();

        var error = await Assert.ThrowsAsync<InferenceException>(() => late.WaitAsync(Limit));
        Assert.Equal(InferenceOutcome.DeadlineExceeded, error.Outcome);
        await blocker.WaitAsync(Limit);
        Assert.DoesNotContain(executor.BatchIds, b => b.Contains(1));
    }

    [Fact]
    public async Task Cancelling_a_queued_request_ends_it_promptly_and_it_never_runs()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8 });
        var blocker = batcher.InferAsync(BatchingModels.Request(0)).AsTask();
        await executor.WaitEnteredAsync();
        using var source = new CancellationTokenSource();
        var cancelled = batcher.InferAsync(BatchingModels.Request(1), source.Token).AsTask();
        var kept = batcher.InferAsync(BatchingModels.Request(2)).AsTask();

        await source.CancelAsync();

        // The gate is still closed: the cancellation must not wait for the executor.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Limit));
        Assert.Equal(1, executor.InFlight);
        Assert.Equal(1, batcher.PendingRequests);
        executor.Open();
        await Task.WhenAll(blocker, kept).WaitAsync(Limit);
        await batcher.DisposeAsync();
        Assert.DoesNotContain(executor.BatchIds, b => b.Contains(1));
        var statistics = batcher.GetStatistics();
        Assert.Equal(1, statistics.CancelledCount);
        Assert.Equal(2, statistics.SuccessCount);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_fails_at_once()
    {
        using var executor = new RecordingExecutor();
        var batcher = new DynamicBatcher(executor);
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        var task = batcher.InferAsync(BatchingModels.Request(1), source.Token).AsTask();

        Assert.True(task.IsCompleted);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        await batcher.DisposeAsync();
        Assert.Empty(executor.Batches);
        Assert.Equal(1, batcher.GetStatistics().CancelledCount);
    }

    [Fact]
    public async Task Cancelling_after_completion_is_harmless_and_later_requests_are_unaffected()
    {
        using var executor = new RecordingExecutor();
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8 });
        for (var i = 0; i < 20; i++)
        {
            using var source = new CancellationTokenSource();
            var response = await batcher.InferAsync(BatchingModels.Request(i, 2), source.Token).AsTask().WaitAsync(Limit);
            await source.CancelAsync();
            Assert.Equal(BatchingModels.Rows(i, 2), BatchingModels.Output(response, 2));
        }

        // Requests without a token reuse the pooled entries of the cancelled-after-completion ones.
        for (var i = 20; i < 30; i++)
        {
            var response = await batcher.InferAsync(BatchingModels.Request(i)).AsTask().WaitAsync(Limit);
            Assert.Equal(BatchingModels.Rows(i, 1), BatchingModels.Output(response, 1));
        }

        await batcher.DisposeAsync();
        var statistics = batcher.GetStatistics();
        Assert.Equal(30, statistics.SuccessCount);
        Assert.Equal(0, statistics.CancelledCount);
        Assert.Equal(0, statistics.FailureCount);
    }

    [Fact]
    public async Task An_executor_error_fails_only_that_batch()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0), FailOnPoison = true };
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8 });
        var before = batcher.InferAsync(BatchingModels.Request(0)).AsTask();
        await executor.WaitEnteredAsync();
        var poisoned = batcher.InferAsync(BatchingModels.Request(1, marker: RecordingExecutor.Poison)).AsTask();
        var neighbour = batcher.InferAsync(BatchingModels.Request(2, 2)).AsTask();

        executor.Open();

        Assert.Equal(BatchingModels.Rows(0, 1), BatchingModels.Output(await before.WaitAsync(Limit), 1));
        foreach (var failed in new[] { poisoned, neighbour })
        {
            var error = await Assert.ThrowsAsync<InferenceException>(() => failed.WaitAsync(Limit));
            Assert.Equal(InferenceOutcome.Failed, error.Outcome);
            Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.Contains("poisoned batch", error.Message, StringComparison.Ordinal);
        }

        var after = await batcher.InferAsync(BatchingModels.Request(3, 3)).AsTask().WaitAsync(Limit);
        Assert.Equal(BatchingModels.Rows(3, 3), BatchingModels.Output(after, 3));
        await batcher.DisposeAsync();
        Assert.Equal([[0], [1, 2, 2], [3, 3, 3]], executor.BatchIds);
        var statistics = batcher.GetStatistics();
        Assert.Equal(2, statistics.FailedCount);
        Assert.Equal(2, statistics.SuccessCount);
    }

    [Fact]
    public async Task Higher_priority_requests_queued_later_run_first_and_each_level_stays_fifo()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 2, PriorityLevels = 2, DefaultPriority = 1 });
        var blocker = batcher.InferAsync(BatchingModels.Request(0)).AsTask();
        await executor.WaitEnteredAsync();
        var tasks = new List<Task<InferenceResponse>>
        {
            batcher.InferAsync(BatchingModels.Request(1)).AsTask(),
            batcher.InferAsync(BatchingModels.Request(2, priority: 1)).AsTask(),
            batcher.InferAsync(BatchingModels.Request(3)).AsTask(),
            batcher.InferAsync(BatchingModels.Request(4, priority: 0)).AsTask(),
            batcher.InferAsync(BatchingModels.Request(5, priority: 0)).AsTask(),
            batcher.InferAsync(BatchingModels.Request(6, priority: 0)).AsTask(),
        };

        executor.Open();
        await Task.WhenAll([blocker, .. tasks]).WaitAsync(Limit);

        Assert.Equal([[0], [4, 5], [6, 1], [2, 3]], executor.BatchIds);
    }

    [Fact]
    public async Task A_priority_outside_the_levels_is_a_validation_error()
    {
        using var executor = new RecordingExecutor();
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, PriorityLevels = 2 });
        var error = await Assert.ThrowsAsync<ValidationException>(() => batcher.InferAsync(BatchingModels.Request(1, priority: 2)).AsTask());
        Assert.Contains("priority", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferred_sizes_go_at_once_despite_a_long_delay_and_the_largest_formable_one_is_chosen()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        var batcher = new DynamicBatcher(executor, new BatchingOptions
        {
            MaxBatchSize = 8,
            MaxQueueDelay = TimeSpan.FromSeconds(50),
            PreferredBatchSizes = [2, 4],
        });

        // Two rows form the preferred size 2: the batch goes without waiting 50 s.
        var first = batcher.InferAsync(BatchingModels.Request(0, 2)).AsTask();
        await executor.WaitEnteredAsync();
        var singles = Enumerable.Range(1, 5).Select(i => batcher.InferAsync(BatchingModels.Request(i)).AsTask()).ToArray();
        executor.Open();

        // Five single rows queued behind it: 4 is the largest preferred size they form.
        await Task.WhenAll([first, .. singles[..4]]).WaitAsync(Limit);
        await Task.Delay(50);
        Assert.False(singles[4].IsCompleted, "One row forms no preferred size; it waits for the 50 s delay.");
        Assert.Equal(1, batcher.PendingRequests);

        // Disposal runs what is queued.
        await batcher.DisposeAsync().AsTask().WaitAsync(Limit);
        await singles[4].WaitAsync(Limit);
        Assert.Equal([[0, 0], [1, 2, 3, 4], [5]], executor.BatchIds);
    }

    [Fact]
    public async Task The_queue_delay_groups_two_requests_submitted_a_millisecond_apart()
    {
        using var executor = new RecordingExecutor();
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromSeconds(1) });

        var first = batcher.InferAsync(BatchingModels.Request(1)).AsTask();
        await Task.Delay(1);
        var second = batcher.InferAsync(BatchingModels.Request(2, 2)).AsTask();
        await Task.WhenAll(first, second).WaitAsync(Limit);

        Assert.Equal([[1, 2, 2]], executor.BatchIds);
        Assert.Equal(BatchingModels.Rows(2, 2), BatchingModels.Output(await second, 2));
    }

    [Fact]
    public async Task Max_batch_size_caps_every_batch()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 4 });
        var blocker = batcher.InferAsync(BatchingModels.Request(0, 4)).AsTask();
        await executor.WaitEnteredAsync();
        int[] rows = [1, 1, 3, 2, 1, 1, 4];
        var tasks = rows.Select((r, i) => batcher.InferAsync(BatchingModels.Request(i + 1, r)).AsTask()).ToArray();

        executor.Open();
        await Task.WhenAll([blocker, .. tasks]).WaitAsync(Limit);

        // FIFO with a cap of 4 rows: a request that does not fit closes the batch.
        Assert.Equal([[0, 0, 0, 0], [1, 2], [3, 3, 3], [4, 4, 5, 6], [7, 7, 7, 7]], executor.BatchIds);
    }

    [Fact]
    public async Task A_request_with_more_rows_than_the_max_batch_size_is_a_validation_error_naming_the_size()
    {
        using var executor = new RecordingExecutor();
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 4 });

        var error = await Assert.ThrowsAsync<ValidationException>(() => batcher.InferAsync(BatchingModels.Request(1, 5)).AsTask());

        Assert.Contains("5 rows", error.Message, StringComparison.Ordinal);
        Assert.Contains("maximum batch size is 4", error.Message, StringComparison.Ordinal);
        Assert.Empty(executor.Batches);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("width")]
    [InlineData("rank")]
    [InlineData("count")]
    [InlineData("no rows")]
    public async Task A_request_that_does_not_fit_the_signature_is_a_validation_error_naming_the_input(string fault)
    {
        using var executor = new RecordingExecutor();
        await using var batcher = new DynamicBatcher(executor);
        var good = Tensor.Create(BatchingModels.Rows(1, 1), 1, BatchingModels.Features);
        var request = fault switch
        {
            "type" => new InferenceRequest(Tensor.Create(new int[4], 1, 4)),
            "width" => new InferenceRequest(Tensor.Create(new float[5], 1, 5)),
            "rank" => new InferenceRequest(Tensor.Create(new float[4], 4)),
            "count" => new InferenceRequest([good, good]),
            _ => new InferenceRequest(Tensor.Create(Array.Empty<float>(), 0, 4)),
        };

        var error = await Assert.ThrowsAsync<ValidationException>(() => batcher.InferAsync(request).AsTask());

        Assert.Contains(fault == "no rows" ? "no rows" : "'x'", error.Message, StringComparison.Ordinal);
        Assert.Empty(executor.Batches);
        Assert.Equal(0, batcher.GetStatistics().FailureCount);
    }

    [Fact]
    public async Task With_batching_disabled_each_request_runs_alone()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, Enabled = false, MaxBatchSize = 2, MaxQueueDelay = TimeSpan.FromSeconds(50) });
        Assert.False(batcher.IsBatching);
        var blocker = batcher.InferAsync(BatchingModels.Request(0)).AsTask();
        await executor.WaitEnteredAsync();
        int[] rows = [2, 1, 3];
        var tasks = rows.Select((r, i) => batcher.InferAsync(BatchingModels.Request(i + 1, r)).AsTask()).ToArray();

        executor.Open();
        var responses = await Task.WhenAll(tasks).WaitAsync(Limit);
        await blocker.WaitAsync(Limit);

        Assert.Equal([[0], [1, 1], [2], [3, 3, 3]], executor.BatchIds);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(BatchingModels.Rows(i + 1, rows[i]), BatchingModels.Output(responses[i], rows[i]));
        }
    }

    [Fact]
    public async Task With_batching_disabled_the_statistics_still_count_every_row_run()
    {
        using var executor = new RecordingExecutor();
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, Enabled = false, MaxBatchSize = 2 });

        // With batching off a request may have more rows than the maximum batch size.
        await batcher.InferAsync(BatchingModels.Request(1, 3)).AsTask().WaitAsync(Limit);
        await batcher.InferAsync(BatchingModels.Request(2, 2)).AsTask().WaitAsync(Limit);
        await batcher.DisposeAsync();

        var statistics = batcher.GetStatistics();
        Assert.Equal(2, statistics.ExecutionCount);
        Assert.Equal(5, statistics.InferenceCount);
        Assert.Equal([new(2, 1L), new KeyValuePair<int, long>(3, 1L)], statistics.BatchSizes);
    }

    [Fact]
    public async Task A_model_whose_first_dimension_is_fixed_is_not_batched()
    {
        using var executor = new RecordingExecutor(BatchingModels.IdentitySignature(1)) { Gate = new SemaphoreSlim(0) };
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromSeconds(50) });
        Assert.False(batcher.IsBatching);
        var blocker = batcher.InferAsync(BatchingModels.Request(0)).AsTask();
        await executor.WaitEnteredAsync();
        var tasks = Enumerable.Range(1, 3).Select(i => batcher.InferAsync(BatchingModels.Request(i)).AsTask()).ToArray();

        executor.Open();
        var responses = await Task.WhenAll(tasks).WaitAsync(Limit);
        await blocker.WaitAsync(Limit);

        Assert.Equal([[0], [1], [2], [3]], executor.BatchIds);
        Assert.Equal(BatchingModels.Rows(2, 1), BatchingModels.Output(responses[1], 1));
        var error = await Assert.ThrowsAsync<ValidationException>(() => batcher.InferAsync(BatchingModels.Request(9, 2)).AsTask());
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_run_two_batches_at_once()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        await using var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, Instances = 2, MaxBatchSize = 8 });
        var first = batcher.InferAsync(BatchingModels.Request(1)).AsTask();
        await executor.WaitEnteredAsync();

        var second = batcher.InferAsync(BatchingModels.Request(2)).AsTask();
        await executor.WaitEnteredAsync();

        Assert.Equal(2, executor.InFlight);
        executor.Open();
        await Task.WhenAll(first, second).WaitAsync(Limit);
        Assert.Equal(2, executor.MaxInFlight);
        Assert.Equal([[1], [2]], executor.BatchIds);
    }

    [Fact]
    public async Task Disposal_runs_queued_requests_and_then_rejects_new_ones()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0) };
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromSeconds(50) });
        var blocker = batcher.InferAsync(BatchingModels.Request(0, 8)).AsTask();
        await executor.WaitEnteredAsync();
        var queued = new[] { batcher.InferAsync(BatchingModels.Request(1)).AsTask(), batcher.InferAsync(BatchingModels.Request(2, 2)).AsTask() };

        var disposing = batcher.DisposeAsync().AsTask();
        var refused = batcher.InferAsync(BatchingModels.Request(3)).AsTask();

        Assert.True(refused.IsCompleted);
        Assert.Equal(InferenceOutcome.Rejected, (await Assert.ThrowsAsync<InferenceException>(() => refused)).Outcome);
        Assert.False(disposing.IsCompleted, "Disposal waits for the batch in flight and the queued requests.");
        executor.Open();
        await disposing.WaitAsync(Limit);
        await blocker.WaitAsync(Limit);
        Assert.Equal(BatchingModels.Rows(1, 1), BatchingModels.Output(await queued[0].WaitAsync(Limit), 1));
        Assert.Equal(BatchingModels.Rows(2, 2), BatchingModels.Output(await queued[1].WaitAsync(Limit), 2));
        Assert.Equal([[0, 0, 0, 0, 0, 0, 0, 0], [1, 2, 2]], executor.BatchIds);

        var afterwards = batcher.InferAsync(BatchingModels.Request(4)).AsTask();
        Assert.Equal(InferenceOutcome.Rejected, (await Assert.ThrowsAsync<InferenceException>(() => afterwards)).Outcome);
        await batcher.DisposeAsync();
        var statistics = batcher.GetStatistics();
        Assert.Equal(3, statistics.SuccessCount);
        Assert.Equal(2, statistics.RejectedCount);
        Assert.Equal(0, statistics.PendingRequests);
    }

    [Fact]
    public async Task Statistics_count_what_happened()
    {
        using var executor = new RecordingExecutor { Gate = new SemaphoreSlim(0), FailOnPoison = true };
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 4, MaxQueueSize = 3 });
        Assert.Null(batcher.GetStatistics().LastInference);
        var blocker = batcher.InferAsync(BatchingModels.Request(0)).AsTask();
        await executor.WaitEnteredAsync();
        using var source = new CancellationTokenSource();
        var two = batcher.InferAsync(BatchingModels.Request(1, 2)).AsTask();
        var late = batcher.InferAsync(BatchingModels.Request(2, timeout: TimeSpan.FromMilliseconds(20))).AsTask();
        var cancelled = batcher.InferAsync(BatchingModels.Request(3), source.Token).AsTask();
        var rejected = batcher.InferAsync(BatchingModels.Request(4)).AsTask();
        Assert.Equal(3, batcher.GetStatistics().PendingRequests);
        await source.CancelAsync();
        await Task.Delay(100);

        executor.Open();
        await Task.WhenAll(blocker, two).WaitAsync(Limit);
        var failed = batcher.InferAsync(BatchingModels.Request(5, marker: RecordingExecutor.Poison)).AsTask();
        await Assert.ThrowsAsync<InferenceException>(() => failed.WaitAsync(Limit));
        await batcher.InferAsync(BatchingModels.Request(6, 3)).AsTask().WaitAsync(Limit);
        await batcher.DisposeAsync();

        Assert.Equal(InferenceOutcome.Rejected, (await Assert.ThrowsAsync<InferenceException>(() => rejected)).Outcome);
        Assert.Equal(InferenceOutcome.DeadlineExceeded, (await Assert.ThrowsAsync<InferenceException>(() => late)).Outcome);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal([[0], [1, 1], [5], [6, 6, 6]], executor.BatchIds);
        var statistics = batcher.GetStatistics();
        Assert.Equal(3, statistics.SuccessCount);
        Assert.Equal(1, statistics.RejectedCount);
        Assert.Equal(1, statistics.DeadlineExceededCount);
        Assert.Equal(1, statistics.CancelledCount);
        Assert.Equal(1, statistics.FailedCount);
        Assert.Equal(4, statistics.FailureCount);
        Assert.Equal(6, statistics.InferenceCount);
        Assert.Equal(3, statistics.ExecutionCount);
        Assert.Equal(2.0, statistics.MeanBatchSize);
        Assert.Equal([new(1, 1L), new(2, 1L), new KeyValuePair<int, long>(3, 1L)], statistics.BatchSizes);
        Assert.Equal(0, statistics.PendingRequests);
        Assert.NotNull(statistics.LastInference);
        Assert.True(statistics.RequestDuration >= statistics.QueueDuration);
        Assert.True(statistics.ComputeDuration > TimeSpan.Zero);
    }

    [Fact]
    public async Task Metrics_report_successes_failures_and_executions_with_model_and_version_tags()
    {
        var model = "metrics-" + Guid.NewGuid().ToString("N");
        var seen = new ConcurrentQueue<(string Instrument, long Value, string? Version, string? Reason)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ServingMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? name = null, version = null, reason = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "model": name = tag.Value as string; break;
                    case "version": version = tag.Value as string; break;
                    case "reason": reason = tag.Value as string; break;
                }
            }

            if (name == model)
            {
                seen.Enqueue((instrument.Name, value, version, reason));
            }
        });
        listener.Start();
        using var executor = new RecordingExecutor();
        var batcher = new DynamicBatcher(executor, modelName: model, modelVersion: "7");

        for (var i = 0; i < 3; i++)
        {
            await batcher.InferAsync(BatchingModels.Request(i, 2)).AsTask().WaitAsync(Limit);
        }

        using var source = new CancellationTokenSource();
        await source.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batcher.InferAsync(BatchingModels.Request(9), source.Token).AsTask());
        await batcher.DisposeAsync();

        var measurements = seen.ToArray();
        Assert.All(measurements, m => Assert.Equal("7", m.Version));
        Assert.Equal(3, measurements.Where(m => m.Instrument == "mlops_inference_request_success").Sum(m => m.Value));
        Assert.Equal(3, measurements.Where(m => m.Instrument == "mlops_inference_exec_count").Sum(m => m.Value));
        Assert.Equal(6, measurements.Where(m => m.Instrument == "mlops_inference_count").Sum(m => m.Value));
        var failure = Assert.Single(measurements, m => m.Instrument == "mlops_inference_request_failure");
        Assert.Equal("cancelled", failure.Reason);
    }

    [Theory]
    [InlineData("MaxBatchSize")]
    [InlineData("MaxQueueDelay")]
    [InlineData("PreferredBatchSizes")]
    [InlineData("MaxQueueSize")]
    [InlineData("PriorityLevels")]
    [InlineData("DefaultPriority")]
    [InlineData("Instances")]
    [InlineData("Adaptive")]
    [InlineData("DefaultTimeout")]
    public void Invalid_options_fail_validation_with_a_message_naming_the_option(string option)
    {
        var options = new BatchingOptions();
        switch (option)
        {
            case "MaxBatchSize": options.MaxBatchSize = 0; break;
            case "MaxQueueDelay": options.MaxQueueDelay = TimeSpan.FromMilliseconds(-1); break;
            case "PreferredBatchSizes": options.PreferredBatchSizes.Add(65); break;
            case "MaxQueueSize": options.MaxQueueSize = 0; break;
            case "PriorityLevels": options.PriorityLevels = 0; break;
            case "DefaultPriority": options.DefaultPriority = 1; break;
            case "Instances": options.Instances = 0; break;
            case "Adaptive": options.Adaptive = true; break;
            default: options.DefaultTimeout = TimeSpan.Zero; break;
        }

        var error = Assert.Throws<ValidationException>(options.Validate);
        Assert.Contains("BatchingOptions." + option, error.Message, StringComparison.Ordinal);
        using var executor = new RecordingExecutor();
        var refused = Assert.Throws<ValidationException>(() => new DynamicBatcher(executor, options));
        Assert.Equal(error.Message, refused.Message);
    }

    [Fact]
    public async Task The_batcher_keeps_a_copy_of_its_options()
    {
        var options = new BatchingOptions { InlineWhenIdle = false, MaxBatchSize = 8, PreferredBatchSizes = [4] };
        using var executor = new RecordingExecutor();
        var batcher = new DynamicBatcher(executor, options);
        options.MaxBatchSize = 2;
        options.PreferredBatchSizes.Add(100);
        Assert.Equal(8, batcher.Options.MaxBatchSize);
        Assert.Equal([4], batcher.Options.PreferredBatchSizes);
        await batcher.DisposeAsync().AsTask().WaitAsync(Limit);
    }

    [Fact]
    public void The_adaptive_cost_model_learns_the_fixed_and_per_row_costs()
    {
        var cost = new BatchCostModel();
        Assert.False(cost.IsTrained);
        Assert.Equal(0, cost.Estimate(10));
        for (var i = 0; i < 16; i++)
        {
            var rows = 1 + (i % 8);
            cost.RecordBatch(rows, (30 * rows) + 500);
        }

        Assert.True(cost.IsTrained);
        Assert.Equal(30, cost.PerRow, 6);
        Assert.Equal(500, cost.Fixed, 6);
        Assert.Equal(800, cost.Estimate(10), 6);

        // Arrivals every 100 ticks: waiting for the next row (about 100) is cheaper than a batch's fixed 500.
        for (var t = 1; t <= 20; t++)
        {
            cost.RecordArrival(t * 100);
        }

        Assert.Equal(100, cost.MeanGap, 6);
        Assert.True(cost.WaitingPays(out var wait));
        Assert.Equal(200, wait);

        // Arrivals every 1000 ticks: waiting no longer pays.
        var slow = new BatchCostModel();
        for (var i = 0; i < 16; i++)
        {
            slow.RecordBatch(1 + (i % 8), (30 * (1 + (i % 8))) + 500);
        }

        for (var t = 1; t <= 20; t++)
        {
            slow.RecordArrival(t * 1000);
        }

        Assert.False(slow.WaitingPays(out _));
    }

    [Fact]
    public async Task The_adaptive_batcher_answers_every_request()
    {
        using var executor = new RecordingExecutor();
        var batcher = new DynamicBatcher(executor, new BatchingOptions { InlineWhenIdle = false, Adaptive = true, MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromMilliseconds(2) });
        var tasks = new List<Task<InferenceResponse>>();
        for (var i = 0; i < 120; i++)
        {
            tasks.Add(batcher.InferAsync(BatchingModels.Request(i, 1 + (i % 3))).AsTask());
            if (i % 10 == 0)
            {
                await Task.Delay(1);
            }
        }

        var responses = await Task.WhenAll(tasks).WaitAsync(Limit);
        await batcher.DisposeAsync();
        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal(BatchingModels.Rows(i, 1 + (i % 3)), BatchingModels.Output(responses[i], 1 + (i % 3)));
        }

        Assert.Equal(120, batcher.GetStatistics().SuccessCount);
        Assert.All(executor.Batches, b => Assert.InRange(b.Length, 1, 8));
    }
}
