using MLOps.Lineage;

namespace MLOps.Pipelines;

/// <summary>What a running step knows about its run: ids, attempt, clock; and where it declares lineage.</summary>
/// <remarks>One instance per attempt; not shared between steps.</remarks>
public sealed class StepContext
{
    private List<LineageReference>? _inputs;
    private List<LineageReference>? _outputs;

    internal StepContext(string runId, string pipeline, string step, int attempt, TimeProvider timeProvider)
    {
        RunId = runId;
        Pipeline = pipeline;
        Step = step;
        Attempt = attempt;
        TimeProvider = timeProvider;
    }

    /// <summary>The pipeline run's id.</summary>
    public string RunId { get; }

    /// <summary>The pipeline's name.</summary>
    public string Pipeline { get; }

    /// <summary>The step's name.</summary>
    public string Step { get; }

    /// <summary>The attempt, from 1.</summary>
    public int Attempt { get; }

    /// <summary>The run's clock.</summary>
    public TimeProvider TimeProvider { get; }

    internal IReadOnlyList<LineageReference> LineageInputs => (IReadOnlyList<LineageReference>?)_inputs ?? [];

    internal IReadOnlyList<LineageReference> LineageOutputs => (IReadOnlyList<LineageReference>?)_outputs ?? [];

    /// <summary>Declares a dataset, model or run the step read (recorded as lineage when tracking is on).</summary>
    /// <param name="reference">The input.</param>
    public void AddLineageInput(LineageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        (_inputs ??= []).Add(reference);
    }

    /// <summary>Declares a dataset or model the step produced (recorded on its tracking run).</summary>
    /// <param name="reference">The output.</param>
    public void AddLineageOutput(LineageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        (_outputs ??= []).Add(reference);
    }
}
