namespace MLOps.Pipelines;

/// <summary>
/// A typed handle to a step's output, returned by <see cref="PipelineBuilder"/> when a step is added
/// (or made by <see cref="PipelineBuilder.Output{T}(string)"/> to refer to a step by name). Pass it to
/// later steps as an input.
/// </summary>
/// <typeparam name="T">The output's type.</typeparam>
public sealed class StepOutput<T> : StepInput
{
    internal StepOutput(string stepName)
        : base(stepName, typeof(T))
    {
    }

    /// <inheritdoc />
    public override bool IsParameter => false;
}
