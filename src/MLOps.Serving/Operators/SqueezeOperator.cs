using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Squeeze (axes attribute before opset 13, input after; none: every size-1 dimension). A view.</summary>
internal sealed class SqueezeOperator : Operator
{
    private readonly long[]? _axes;

    public SqueezeOperator(Node node)
        : base(node)
    {
        _axes = node.Opset < 13 ? node.Attributes.GetInts("axes") : null;
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var axes = _axes ?? (context.HasInput(1) ? context.RequireValue(1).ToInt64Array() : null);
        var remove = new bool[shape.Length];
        if (axes is null)
        {
            for (var i = 0; i < shape.Length; i++)
            {
                remove[i] = shape[i] == 1;
            }
        }
        else
        {
            foreach (var axis in axes)
            {
                var normalized = ShapeMath.NormalizeAxis(axis, shape.Length, Node.Description);
                if (shape[normalized] != 1)
                {
                    throw context.Error($"cannot squeeze dimension {axis} of input '{context.InputName(0)}' {ShapeMath.Format(shape)}: its size is not 1.");
                }

                remove[normalized] = true;
            }
        }

        var result = new List<int>();
        for (var i = 0; i < shape.Length; i++)
        {
            if (!remove[i])
            {
                result.Add(shape[i]);
            }
        }

        context.SetOutputView(0, 0, [.. result]);
    }

    public override void Execute(KernelContext context)
    {
    }
}
