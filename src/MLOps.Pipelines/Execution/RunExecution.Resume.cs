using MLOps.Pipelines.Persistence;

namespace MLOps.Pipelines;

/// <content>Resume: reuse the outputs an earlier attempt of this run recorded.</content>
internal sealed partial class RunExecution
{
    public async ValueTask RestoreAsync(IReadOnlyList<StepRecord> records, CancellationToken cancellationToken)
    {
        var byName = records.ToDictionary(static r => r.Step, StringComparer.Ordinal);
        foreach (var step in _steps)
        {
            if (!byName.TryGetValue(step.Name, out var record)
                || record.State is not (StepState.Succeeded or StepState.Cached or StepState.Reused)
                || record.OutputHash is null
                || !string.Equals(record.Serializer, step.Codec.Tag, StringComparison.Ordinal)
                || step.Dependencies.Any(d => _results[d] is null))
            {
                // Not finished, or its producers must be recomputed: then so must it (their outputs may differ).
                continue;
            }

            var output = await LoadVerifiedAsync(ContentHash.Parse(record.OutputHash), record.InlineOutput).ConfigureAwait(false);
            if (output is null)
            {
                continue;
            }

            object? value;
            try
            {
                value = await step.Codec.DeserializeAsync(output.Bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (CorruptException)
            {
                continue;
            }

            var result = new StepResult(step.Name, StepState.Reused, 0, TimeSpan.Zero, record.CacheKey, output.Hash, null);
            _results[step.Index] = result;
            _values[step.Index] = value;
            _hashes[step.Index] = output.Hash;
            _done++;
            _runner.Writer.Enqueue(ToRecord(step.Index, result, record.StartedAtMicros, record.InlineOutput, record.Serializer), null);
        }
    }
}
