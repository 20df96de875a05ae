namespace MLOps.Pipelines;

/// <summary>
/// What a step consumes: another step's output (<see cref="StepOutput{T}"/>) or a pipeline parameter
/// (<see cref="Parameter{T}"/>). Handles are immutable and compare by name and type.
/// </summary>
public abstract class StepInput
{
    private protected StepInput(string name, Type valueType)
    {
        Name = name;
        ValueType = valueType;
    }

    /// <summary>The producing step's name, or the parameter's name.</summary>
    public string Name { get; }

    /// <summary>The type of value the input carries.</summary>
    public Type ValueType { get; }

    /// <summary>True for a pipeline parameter, false for a step output.</summary>
    public abstract bool IsParameter { get; }

    /// <inheritdoc />
    public override string ToString() => (IsParameter ? "parameter '" : "step '") + Name + "' (" + ValueType.Name + ")";
}
