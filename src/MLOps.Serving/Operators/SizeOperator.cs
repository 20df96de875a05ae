using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Size: the element count as an int64 scalar; folded at plan time.</summary>
internal sealed class SizeOperator : Operator
{
    public SizeOperator(Node node)
        : base(node)
    {
    }

    public override bool ShapeOnly => true;

    public override void Infer(InferContext context) => context.SetOutput(0, DataType.Int64, []);

    public override void Execute(KernelContext context) => context.Output<long>(0)[0] = ShapeMath.ElementCount(context.InputShape(0));
}
