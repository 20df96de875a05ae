using MLOps.Pipelines.Caching;
using MLOps.Pipelines.Persistence;
using Polly.Timeout;

namespace MLOps.Pipelines;

/// <content>One step: inputs, cache key, cache lookup and verification, single flight, attempts, storing.</content>
internal sealed partial class RunExecution
{
    /// <summary>Runs a step, then whatever step its completion hands back, iteratively.</summary>
    private async Task ExecuteChainAsync(int index)
    {
        while (index >= 0)
        {
            index = await ExecuteAsync(index).ConfigureAwait(false);
        }
    }

    private async ValueTask<int> ExecuteAsync(int index)
    {
        var step = _steps[index];
        var startedMicros = Micros.From(_runner.Time.GetUtcNow());
        var start = _runner.Time.GetTimestamp();
        string? key = null;
        var attempts = new AttemptCounter();
        try
        {
            _cancellation.ThrowIfCancellationRequested();
            var (args, inputHashes) = GatherInputs(step);
            key = CacheKey.Compute(step, inputHashes);
            if (step.Options is { Cache: true, Refresh: false } && await TryCacheAsync(step, key).ConfigureAwait(false) is { } hit)
            {
                return await FinishAsync(index, StepState.Cached, 0, start, startedMicros, key, hit.Output, hit.Value, null, null, null).ConfigureAwait(false);
            }

            StoredOutput output;
            object? value;
            CacheEntry? entry = null;
            if (!step.Options.Cache)
            {
                (output, value) = await ComputeAsync(step, args, attempts).ConfigureAwait(false);
            }
            else
            {
                var flight = new TaskCompletionSource<StoredOutput>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_runner.InFlight.TryAdd(key, flight.Task))
                {
                    try
                    {
                        (output, value) = await ComputeAsync(step, args, attempts).ConfigureAwait(false);
                        entry = new CacheEntry(key, step.Name, output.Hash, step.Codec.Tag, output.InBlobStore ? null : output.Bytes, Micros.From(_runner.Time.GetUtcNow()), RunId);
                        _runner.Remember(entry);
                        flight.SetResult(output);
                    }
                    catch (Exception exception)
                    {
                        flight.SetException(exception);
                        _ = flight.Task.Exception;
                        throw;
                    }
                    finally
                    {
                        _runner.InFlight.TryRemove(new KeyValuePair<string, Task<StoredOutput>>(key, flight.Task));
                    }
                }
                else if (_runner.InFlight.TryGetValue(key, out var running) && await ShareAsync(running).ConfigureAwait(false) is { } shared)
                {
                    // An identical step (same key) computed in another run of this process: its output is ours.
                    value = await step.Codec.DeserializeAsync(shared.Bytes, _cancellation).ConfigureAwait(false);
                    return await FinishAsync(index, StepState.Cached, 0, start, startedMicros, key, shared, value, null, null, null).ConfigureAwait(false);
                }
                else
                {
                    (output, value) = await ComputeAsync(step, args, attempts).ConfigureAwait(false);
                }
            }

            return await FinishAsync(index, StepState.Succeeded, attempts.Count, start, startedMicros, key, output, value, entry, null, attempts.Context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            return await FinishAsync(index, StepState.Cancelled, attempts.Count, start, startedMicros, key, null, null, null, "the run was cancelled", null).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var message = exception is TimeoutRejectedException
                ? $"timed out after {step.Options.Timeout}"
                : exception.GetType().Name + ": " + exception.Message;
            return await FinishAsync(index, StepState.Failed, attempts.Count, start, startedMicros, key, null, null, null, message, null).ConfigureAwait(false);
        }
    }

    /// <summary>Awaits an identical computation; null when it failed (this step then computes for itself).</summary>
    private async ValueTask<StoredOutput?> ShareAsync(Task<StoredOutput> running)
    {
        try
        {
            return await running.WaitAsync(_cancellation).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    private (object?[] Args, ContentHash[] Hashes) GatherInputs(StepDefinition step)
    {
        var count = step.Inputs.Length;
        var args = count == 0 ? [] : new object?[count];
        var hashes = count == 0 ? [] : new ContentHash[count];
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var producer = step.InputSteps[i];
                if (producer >= 0)
                {
                    args[i] = _values[producer];
                    hashes[i] = _hashes[producer];
                }
                else
                {
                    var parameter = step.InputParameters[i];
                    args[i] = _parameters.Values[parameter];
                    hashes[i] = _parameters.Hashes[parameter];
                }
            }
        }

        return (args, hashes);
    }

    private async ValueTask<(StoredOutput Output, object? Value)?> TryCacheAsync(StepDefinition step, string key)
    {
        if (!_runner.Recent.TryGetValue(key, out var entry))
        {
            // The preloaded keys were all of these steps' keys: a key not among them is a miss. Otherwise ask the database.
            entry = _cacheComplete && !_cachedKeys.Contains(key) ? null : await _runner.Store.GetCacheAsync(key, _cancellation).ConfigureAwait(false);
            if (entry is null)
            {
                return null;
            }
        }

        if (!string.Equals(entry.Serializer, step.Codec.Tag, StringComparison.Ordinal))
        {
            return null;
        }

        if (step.Options.CacheExpiry is { } expiry && Micros.ToTime(entry.CreatedAtMicros) + expiry <= _runner.Time.GetUtcNow())
        {
            return null;
        }

        var output = await LoadVerifiedAsync(entry.OutputHash, entry.InlineOutput).ConfigureAwait(false);
        if (output is null)
        {
            return null;
        }

        try
        {
            return (output, await step.Codec.DeserializeAsync(output.Bytes, _cancellation).ConfigureAwait(false));
        }
        catch (CorruptException)
        {
            return null;
        }
    }

    private ValueTask<StoredOutput?> LoadVerifiedAsync(ContentHash hash, byte[]? inline) =>
        StepInvoker.LoadVerifiedAsync(_runner.Workspace.Blobs, hash, inline, _cancellation);

    private ValueTask<(StoredOutput Output, object? Value)> ComputeAsync(StepDefinition step, object?[] args, AttemptCounter attempts) =>
        StepInvoker.ComputeAsync(_runner, RunId, _pipeline.Name, step, args, attempts, _cancellation);

    private ValueTask<int> FinishAsync(
        int index, StepState state, int attempts, long start, long startedMicros, string? key, StoredOutput? output, object? value, CacheEntry? entry, string? error, StepContext? context)
    {
        var step = _steps[index];
        var result = new StepResult(step.Name, state, attempts, _runner.Time.GetElapsedTime(start), key, output?.Hash, error);
        if (_tracking is not null)
        {
            // Off the critical path: the nested run is written while dependents already run; the run awaits it at the end.
            TrackInBackground(step, result, context);
        }

        var inline = output is { InBlobStore: false } ? output.Bytes : null;
        return ValueTask.FromResult(Complete(index, result, value, ToRecord(index, result, startedMicros, inline, output is null ? null : step.Codec.Tag), entry));
    }
}
