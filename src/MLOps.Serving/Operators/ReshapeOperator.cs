using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Reshape (shape attribute before opset 5, input after; allowzero from opset 14). A view: nothing is copied.</summary>
internal sealed class ReshapeOperator : Operator
{
    private readonly long[]? _shapeAttribute;
    private readonly bool _allowZero;

    public ReshapeOperator(Node node)
        : base(node)
    {
        _shapeAttribute = node.Opset < 5 ? node.Attributes.GetInts("shape") ?? throw Error("attribute 'shape' is missing.") : null;
        _allowZero = node.Attributes.GetInt("allowzero", 0) != 0;
    }

    public override void Infer(InferContext context)
    {
        var requested = _shapeAttribute ?? context.RequireValue(1).ToInt64Array();
        var input = context.InputShape(0);
        var shape = new int[requested.Length];
        var inferred = -1;
        long known = 1;
        for (var i = 0; i < requested.Length; i++)
        {
            var size = requested[i];
            if (size == 0 && !_allowZero)
            {
                if (i >= input.Length)
                {
                    throw context.Error($"shape {Format(requested)} copies dimension {i} (0), but input '{context.InputName(0)}' {ShapeMath.Format(input)} has rank {input.Length}.");
                }

                size = input[i];
            }

            if (size == -1)
            {
                if (inferred >= 0)
                {
                    throw context.Error($"shape {Format(requested)} has more than one -1.");
                }

                inferred = i;
                continue;
            }

            if (size < 0 || size > int.MaxValue)
            {
                throw context.Error($"shape {Format(requested)} has invalid size {size} at dimension {i}.");
            }

            shape[i] = (int)size;
            known *= size;
        }

        var count = ShapeMath.ElementCount(input);
        if (inferred >= 0)
        {
            if (known == 0 || count % known != 0)
            {
                throw context.Error($"cannot reshape input '{context.InputName(0)}' {ShapeMath.Format(input)} ({count} elements) to {Format(requested)}.");
            }

            shape[inferred] = (int)(count / known);
        }
        else if (known != count)
        {
            throw context.Error($"cannot reshape input '{context.InputName(0)}' {ShapeMath.Format(input)} ({count} elements) to {Format(requested)} ({known} elements).");
        }

        context.SetOutputView(0, 0, shape);
    }

    public override void Execute(KernelContext context)
    {
    }

    private static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
