namespace MLOps.Pipelines;

/// <summary>A finished run: its status and every step's result, plus the outputs held in memory.</summary>
public sealed class PipelineRunResult
{
    private readonly object?[] _outputs;
    private readonly Dictionary<string, int> _index;

    internal PipelineRunResult(string runId, string pipeline, PipelineRunStatus status, DateTimeOffset started, TimeSpan duration, StepResult[] steps, object?[] outputs, string? trackingRunId)
    {
        RunId = runId;
        Pipeline = pipeline;
        Status = status;
        Started = started;
        Duration = duration;
        Steps = steps;
        _outputs = outputs;
        TrackingRunId = trackingRunId;
        _index = new Dictionary<string, int>(steps.Length, StringComparer.Ordinal);
        for (var i = 0; i < steps.Length; i++)
        {
            _index[steps[i].Name] = i;
        }
    }

    /// <summary>The run's id (resume with it).</summary>
    public string RunId { get; }

    /// <summary>The pipeline's name.</summary>
    public string Pipeline { get; }

    /// <summary>How the run ended.</summary>
    public PipelineRunStatus Status { get; }

    /// <summary>When it started.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>Wall time.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Every step, in the pipeline's topological order.</summary>
    public IReadOnlyList<StepResult> Steps { get; }

    /// <summary>The tracking run, when the runner tracks.</summary>
    public string? TrackingRunId { get; }

    /// <summary>Gets a step's result.</summary>
    /// <param name="step">The step's name.</param>
    /// <returns>The result.</returns>
    /// <exception cref="NotFoundException">No such step.</exception>
    public StepResult this[string step] => Steps[IndexOf(step)];

    /// <summary>Gets a step's output.</summary>
    /// <typeparam name="T">The output's type.</typeparam>
    /// <param name="output">The step's handle.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The step has no output (it failed, was skipped or cancelled).</exception>
    public T GetOutput<T>(StepOutput<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var i = IndexOf(output.Name);
        return Steps[i].HasOutput ? (T)_outputs[i]! : throw new InvalidOperationException($"Step '{output.Name}' of run {RunId} has no output: it is {Steps[i].State}.");
    }

    private int IndexOf(string step) =>
        _index.TryGetValue(step, out var i) ? i : throw new NotFoundException($"Run {RunId} of pipeline '{Pipeline}' has no step '{step}'.");
}
