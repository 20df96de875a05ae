using System.Globalization;
using MLOps.Tracking;

namespace MLOps.Pipelines;

/// <content>Tracking: the run is a tracking run; each step that ran, hit the cache or was reused is a nested run.</content>
internal sealed partial class RunExecution
{
    private const int TrackingConcurrency = 4;

    private readonly List<Task> _trackingTasks = [];
    private readonly SemaphoreSlim _trackingSlots = new(TrackingConcurrency);

    private string Experiment => _runner.Options.Experiment ?? _pipeline.Name;

    private void TrackInBackground(StepDefinition step, StepResult result, StepContext? context)
    {
        if (result.State is StepState.Skipped or StepState.Cancelled)
        {
            return;
        }

        var task = Task.Run(async () =>
        {
            await _trackingSlots.WaitAsync().ConfigureAwait(false);
            try
            {
                await TrackStepAsync(step, result, context).ConfigureAwait(false);
            }
            finally
            {
                _trackingSlots.Release();
            }
        });
        lock (_gate)
        {
            _trackingTasks.Add(task);
        }
    }

    /// <summary>Waits for the nested runs; a tracking failure is recorded as the run's error, the steps' states stand.</summary>
    private async ValueTask AwaitTrackingAsync()
    {
        Task[] tasks;
        lock (_gate)
        {
            tasks = [.. _trackingTasks];
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _firstError ??= "tracking: " + exception.Message;
        }
    }

    private async ValueTask<ActiveRun> StartTrackingAsync(TrackingStore tracking, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mlops.pipeline"] = _pipeline.Name,
            ["mlops.pipeline.run"] = RunId,
        };
        var run = await tracking.StartRunAsync(Experiment, new RunStartOptions { Name = _pipeline.Name, Tags = tags }, cancellationToken).ConfigureAwait(false);
        var parameters = new List<KeyValuePair<string, ParamValue>>();
        for (var i = 0; i < _pipeline.ParameterDefinitions.Length; i++)
        {
            var text = System.Text.Json.JsonSerializer.Serialize(_parameters.Values[i]);
            parameters.Add(new(_pipeline.ParameterDefinitions[i].Name, text.Length <= 6000 ? text : _parameters.Hashes[i].ToString()));
        }

        if (parameters.Count > 0)
        {
            await run.LogParamsAsync(parameters, cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    private async ValueTask TrackStepAsync(StepDefinition step, StepResult result, StepContext? context)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mlops.pipeline.step"] = step.Name,
            ["mlops.pipeline.state"] = result.State.ToString(),
            ["mlops.pipeline.cache_hit"] = result.CacheHit ? "true" : "false",
        };
        if (result.OutputHash is { } hash)
        {
            tags["mlops.pipeline.output_hash"] = hash.ToString();
        }

        if (result.Error is { } error)
        {
            tags["mlops.pipeline.error"] = error.Length <= 8000 ? error : error[..8000];
        }

        var outputs = step.Options.LineageOutputs.Concat(context?.LineageOutputs ?? []).ToList();
        for (var i = 0; i < outputs.Count; i++)
        {
            tags["mlops.lineage.output." + i.ToString(CultureInfo.InvariantCulture)] = outputs[i].ToString();
        }

        var tracking = _runner.Options.Tracking!;
        List<KeyValuePair<string, ParamValue>> parameters =
        [
            new("cache_version", step.Options.CacheVersion),
            new("serializer", step.Codec.Tag),
            new("cache_key", result.CacheKey ?? string.Empty),
            new("duration_ms", result.Duration.TotalMilliseconds),
            new("attempts", result.Attempts),
            new("cache_hit", result.CacheHit),
        ];

        // Created with its tags and params in one transaction, then ended: two writes per step.
        await using var child = await tracking.StartRunAsync(Experiment, new RunStartOptions { Name = step.Name, ParentRunId = _tracking!.Id, Tags = tags, Params = parameters }).ConfigureAwait(false);
        foreach (var input in step.Options.LineageInputs.Concat(context?.LineageInputs ?? []))
        {
            await child.LogInputAsync(input).ConfigureAwait(false);
        }

        await child.EndAsync(result.State == StepState.Failed ? RunStatus.Failed : RunStatus.Finished).ConfigureAwait(false);
    }

    private async ValueTask EndTrackingAsync(PipelineRunStatus status)
    {
        _trackingSlots.Dispose();
        _tracking!.LogMetric("duration_ms", _runner.Time.GetElapsedTime(_startedTimestamp).TotalMilliseconds);
        _tracking.LogMetric("cached_steps", _results.Count(static r => r!.State == StepState.Cached));
        await _tracking.EndAsync(status switch
        {
            PipelineRunStatus.Succeeded => RunStatus.Finished,
            PipelineRunStatus.Cancelled => RunStatus.Killed,
            _ => RunStatus.Failed,
        }).ConfigureAwait(false);
        await _tracking.DisposeAsync().ConfigureAwait(false);
    }
}
