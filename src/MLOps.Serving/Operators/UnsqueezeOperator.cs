using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Unsqueeze (axes attribute before opset 13, input after). A view.</summary>
internal sealed class UnsqueezeOperator : Operator
{
    private readonly long[]? _axes;

    public UnsqueezeOperator(Node node)
        : base(node)
    {
        _axes = node.Opset < 13 ? node.Attributes.GetInts("axes") ?? throw Error("attribute 'axes' is missing.") : null;
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var axes = _axes ?? context.RequireValue(1).ToInt64Array();
        var rank = shape.Length + axes.Length;
        var inserted = new bool[rank];
        foreach (var axis in axes)
        {
            var normalized = ShapeMath.NormalizeAxis(axis, rank, Node.Description);
            if (inserted[normalized])
            {
                throw context.Error($"axis {axis} is listed twice.");
            }

            inserted[normalized] = true;
        }

        var result = new int[rank];
        var next = 0;
        for (var i = 0; i < rank; i++)
        {
            result[i] = inserted[i] ? 1 : shape[next++];
        }

        context.SetOutputView(0, 0, result);
    }

    public override void Execute(KernelContext context)
    {
    }
}
