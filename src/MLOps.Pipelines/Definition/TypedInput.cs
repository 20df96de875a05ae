namespace MLOps.Pipelines;

/// <summary>An input as a step consumes it: the source's name and kind, with the type the step expects.</summary>
internal sealed class TypedInput(StepInput source, Type expected) : StepInput(source.Name, expected)
{
    public override bool IsParameter => source.IsParameter;
}
