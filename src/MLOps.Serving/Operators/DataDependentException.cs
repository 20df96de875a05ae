using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>
/// Raised during planning when an output shape depends on an input's values that are only known
/// at run time (say, a Reshape whose shape is a graph input). The planner then evaluates such
/// models call by call instead of from a static memory plan.
/// </summary>
internal sealed class DataDependentException : Exception
{
    public DataDependentException(Node node, int input)
        : base($"{node.Description}: input {input} must be known to plan shapes.")
    {
    }
}
