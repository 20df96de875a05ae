using MLOps.Serving.Operators;

namespace MLOps.Serving.Execution;

/// <summary>One node's work in an execution plan.</summary>
internal sealed class PlanStep
{
    public PlanStep(Operator op, int[] inputs, int[] outputs, object? state)
    {
        Operator = op;
        Inputs = inputs;
        Outputs = outputs;
        State = state;
    }

    public Operator Operator { get; }

    /// <summary>Slot indices of the inputs; -1 for omitted optional inputs.</summary>
    public int[] Inputs { get; }

    /// <summary>Slot indices of the outputs; -1 for unwanted optional outputs.</summary>
    public int[] Outputs { get; }

    public object? State { get; }

    /// <summary>Scratch bytes the step uses while it runs.</summary>
    public long ScratchBytes { get; init; }
}
