namespace MLOps.Pipelines;

/// <summary>A step written as a class, added with <see cref="PipelineBuilder.Add{TOut}(PipelineStep{TOut})"/>.</summary>
/// <typeparam name="TOut">The output's type.</typeparam>
public abstract class PipelineStep<TOut>
{
    /// <summary>The step's name, unique in its pipeline.</summary>
    public abstract string Name { get; }

    /// <summary>The inputs, in the order <see cref="ExecuteAsync"/> receives them.</summary>
    public virtual IReadOnlyList<StepInput> Inputs => [];

    /// <summary>Sets the step's options (cache version, retries, timeout…); the defaults when not overridden.</summary>
    /// <param name="options">The options to change.</param>
    public virtual void Configure(StepOptions options)
    {
    }

    /// <summary>Computes the output.</summary>
    /// <param name="inputs">The input values.</param>
    /// <param name="context">The run and attempt.</param>
    /// <param name="cancellationToken">Cancelled on timeout or when the run is cancelled.</param>
    /// <returns>The output.</returns>
    public abstract ValueTask<TOut> ExecuteAsync(StepInputs inputs, StepContext context, CancellationToken cancellationToken);
}
