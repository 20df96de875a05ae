using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Expand: broadcast the input to a shape (numpy rules, both sides may stretch).</summary>
internal sealed class ExpandOperator : Operator
{
    public ExpandOperator(Node node)
        : base(node)
    {
    }

    public override void Infer(InferContext context)
    {
        var requested = ShapeMath.ToInt32Shape(context.RequireValue(1).ToInt64Array().Select(static d => Math.Max(d, 0)).ToArray(), Node.Description);
        var shape = context.InputShape(0);
        var output = ShapeMath.Broadcast(shape, requested)
            ?? throw context.Error($"input '{context.InputName(0)}' {ShapeMath.Format(shape)} cannot be broadcast to {ShapeMath.Format(requested)}.");
        context.SetOutput(0, context.InputType(0), output);
        context.State = StridedCopy.ForBroadcast(shape, output);
    }

    public override void Execute(KernelContext context) =>
        ((StridedCopy)context.State!).Run(context.InputView(0), context.OutputView(0));
}
