using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Flatten to 2-D at an axis. A view.</summary>
internal sealed class FlattenOperator : Operator
{
    private readonly long _axis;

    public FlattenOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", 1);
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var axis = _axis < 0 ? _axis + shape.Length : _axis;
        if (axis < 0 || axis > shape.Length)
        {
            throw context.Error($"axis {_axis} is out of range for input '{context.InputName(0)}' of rank {shape.Length}.");
        }

        context.SetOutputView(0, 0, [ShapeMath.Product(shape, 0, (int)axis), ShapeMath.Product(shape, (int)axis, shape.Length)]);
    }

    public override void Execute(KernelContext context)
    {
    }
}
