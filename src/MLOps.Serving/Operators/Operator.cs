using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>
/// One node's computation. Created once per node at load time (attributes parsed and checked then),
/// immutable afterwards and shared by every plan and every concurrent call.
/// </summary>
internal abstract class Operator
{
    protected Operator(Node node)
    {
        Node = node;
    }

    public Node Node { get; }

    /// <summary>Whether the outputs depend only on input shapes (Shape, Size), so planning can always fold the node.</summary>
    public virtual bool ShapeOnly => false;

    /// <summary>
    /// Plan time: checks the inputs' concrete types and shapes and sets the outputs'. May keep
    /// per-shape state (<see cref="InferContext.State"/>) and ask for scratch memory.
    /// </summary>
    public abstract void Infer(InferContext context);

    /// <summary>Run time: computes the outputs. Must not allocate on the managed heap.</summary>
    public abstract void Execute(KernelContext context);

    /// <summary>Load time: a chance to precompute from constant inputs (packed weights, flat trees).</summary>
    public virtual void Prepare()
    {
    }

    protected ValidationException Error(string message) => new($"{Node.Description}: {message}");
}
