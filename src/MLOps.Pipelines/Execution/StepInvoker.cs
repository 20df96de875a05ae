using MLOps.Storage;

namespace MLOps.Pipelines;

/// <summary>Runs a step's code (through its Polly pipeline when it has one) and stores its output; shared by runs and workers.</summary>
internal static class StepInvoker
{
    public static async ValueTask<(StoredOutput Output, object? Value)> ComputeAsync(
        PipelineRunner runner, string runId, string pipeline, StepDefinition step, object?[] args, AttemptCounter attempts, CancellationToken cancellationToken)
    {
        object? value;
        StepContext? context;
        if (step.Resilience is null)
        {
            attempts.Count++;
            context = new StepContext(runId, pipeline, step.Name, attempts.Count, runner.Time);
            value = await step.Invoke(args, context, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var state = (RunId: runId, Pipeline: pipeline, Time: runner.Time, Step: step, Args: args, Attempts: attempts);
            (value, context) = await step.Resilience.ExecuteAsync(
                static async (s, token) =>
                {
                    s.Attempts.Count++;
                    var attemptContext = new StepContext(s.RunId, s.Pipeline, s.Step.Name, s.Attempts.Count, s.Time);
                    var result = await s.Step.Invoke(s.Args, attemptContext, token).ConfigureAwait(false);
                    return (result, attemptContext);
                },
                state,
                cancellationToken).ConfigureAwait(false);
        }

        attempts.Context = context;
        var bytes = await step.Codec.SerializeAsync(value, cancellationToken).ConfigureAwait(false);
        var hash = ContentHash.Compute(bytes);
        var inBlobStore = bytes.Length > runner.Options.InlineOutputLimit;
        if (inBlobStore)
        {
            // The artifact is stored (written to a temp file, then renamed) before anything records the step as done.
            await runner.Workspace.Blobs.PutAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        // Consumers get what a cache hit would give them: the value as read back, not the producer's live
        // object, so a fresh run and a cached run feed identical inputs downstream.
        value = await step.Codec.DeserializeAsync(bytes, cancellationToken).ConfigureAwait(false);
        return (new StoredOutput(hash, bytes, inBlobStore), value);
    }

    /// <summary>Reads an output and checks its hash; null when the blob is gone or does not verify.</summary>
    public static async ValueTask<StoredOutput?> LoadVerifiedAsync(IBlobStore blobs, ContentHash hash, byte[]? inline, CancellationToken cancellationToken)
    {
        if (inline is not null)
        {
            return ContentHash.Compute(inline) == hash ? new StoredOutput(hash, inline, InBlobStore: false) : null;
        }

        try
        {
            // The blob store re-hashes what it reads and throws CorruptException on a mismatch.
            var bytes = await blobs.ReadAllBytesAsync(hash, cancellationToken).ConfigureAwait(false);
            return new StoredOutput(hash, bytes, InBlobStore: true);
        }
        catch (Exception exception) when (exception is NotFoundException or CorruptException)
        {
            return null;
        }
    }
}
