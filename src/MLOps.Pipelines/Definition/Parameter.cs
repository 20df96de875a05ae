namespace MLOps.Pipelines;

/// <summary>
/// A typed pipeline parameter, declared with <see cref="PipelineBuilder.Parameter{T}(string)"/> and given
/// a value per run; steps take it as an input, and its canonical hash is part of their cache keys.
/// </summary>
/// <typeparam name="T">The parameter's type; serialized as canonical JSON.</typeparam>
public sealed class Parameter<T> : StepInput
{
    internal Parameter(string name, bool hasDefault, T? defaultValue)
        : base(name, typeof(T))
    {
        HasDefault = hasDefault;
        DefaultValue = defaultValue;
    }

    /// <inheritdoc />
    public override bool IsParameter => true;

    /// <summary>Whether a run may omit the parameter.</summary>
    public bool HasDefault { get; }

    /// <summary>The value used when a run omits the parameter.</summary>
    public T? DefaultValue { get; }
}
