using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>The light-load path: a request that finds an idle instance runs on its caller's thread.</summary>
public sealed partial class DynamicBatcher
{
    /// <summary>
    /// With no queue delay and nothing queued, a request that finds an instance idle runs at once on its
    /// caller's thread: no hand-off to an instance thread and back, so at low load the batcher costs
    /// next to nothing over the engine. Requests that arrive while every instance is busy queue and
    /// batch as usual.
    /// </summary>
    private bool TryTakeIdleInstance()
    {
        lock (_gate)
        {
            // Only while load is light (recent batches held about one row): under load, requests that wait
            // for the instance thread gather into batches, which is where the throughput comes from.
            if (_stopping || _queuedRequests > 0 || _running >= Options.Instances || _recentBatchRows >= 2)
            {
                return false;
            }

            _running++;
            return true;
        }
    }

    private ValueTask<InferenceResponse> RunInline(InferenceRequest request, int rows, long enqueuedAt)
    {
        // Taken off the thread while in use, so an executor that itself calls a batcher inline gets its own.
        var inputs = t_inputs ?? new Dictionary<string, Tensor>(StringComparer.Ordinal);
        t_inputs = null;
        try
        {
            var signature = Executor.Signature;
            for (var i = 0; i < signature.Inputs.Count; i++)
            {
                inputs[signature.Inputs[i].Name] = request.Inputs[i];
            }

            var started = Time.GetTimestamp();
            var outputs = Executor.Run(inputs);
            var finished = Time.GetTimestamp();
            var ordered = new Tensor[signature.Outputs.Count];
            for (var j = 0; j < ordered.Length; j++)
            {
                ordered[j] = outputs[signature.Outputs[j].Name];
            }

            RecordBatch(rows, started, finished);
            RecordSuccess(enqueuedAt, started, finished);
            return ValueTask.FromResult(new InferenceResponse(ModelName, ModelVersion, signature, ordered, request.Id));
        }
#pragma warning disable CA1031 // An executor failure fails only this request, as it would fail its batch.
        catch (Exception exception) when (exception is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            CountFailure(InferenceOutcome.Failed);
            return ValueTask.FromException<InferenceResponse>(new InferenceException(
                InferenceOutcome.Failed,
                $"Model '{ModelName}' version {ModelVersion} failed on a batch of {rows} row(s): {exception.Message}",
                exception));
        }
        finally
        {
            inputs.Clear();
            t_inputs = inputs;
            FinishBatch();
        }
    }
}
