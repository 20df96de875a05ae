using MLOps.Pipelines.Artifacts;
using Polly;

namespace MLOps.Pipelines;

/// <summary>A step as the executor sees it: untyped invoke, resolved dependencies, resilience pipeline.</summary>
internal sealed class StepDefinition(string name, StepInput[] inputs, Type outputType, StepOptions options, Func<object?[], StepContext, CancellationToken, ValueTask<object?>> invoke)
{
    public string Name { get; } = name;

    public StepInput[] Inputs { get; } = inputs;

    public Type OutputType { get; } = outputType;

    public StepOptions Options { get; } = options;

    public Func<object?[], StepContext, CancellationToken, ValueTask<object?>> Invoke { get; } = invoke;

    public ArtifactCodec Codec { get; set; } = null!;

    /// <summary>Position in the pipeline's topological order.</summary>
    public int Index { get; set; }

    /// <summary>Per input: the producing step's index, or -1 for a parameter.</summary>
    public int[] InputSteps { get; set; } = [];

    /// <summary>Per input: the parameter's index, or -1 for a step output.</summary>
    public int[] InputParameters { get; set; } = [];

    /// <summary>Distinct producing steps.</summary>
    public int[] Dependencies { get; set; } = [];

    /// <summary>Distinct consuming steps.</summary>
    public int[] Dependents { get; set; } = [];

    /// <summary>Null when the step has neither retries nor a timeout: the hot path skips Polly entirely.</summary>
    public ResiliencePipeline? Resilience { get; set; }

    public static ValueTask<object?> Box<T>(ValueTask<T> task)
    {
        return task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : Slow(task);

        static async ValueTask<object?> Slow(ValueTask<T> task) => await task.ConfigureAwait(false);
    }
}
