using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>OneHot(indices, depth, values=[off, on]): a new axis of size depth; negative indices count from the end, others out of range give an all-off row.</summary>
internal sealed class OneHotOperator : Operator
{
    private readonly long _axis;

    public OneHotOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", -1);
    }

    public override void Infer(InferContext context)
    {
        var depth = context.RequireValue(1).GetDouble(0);
        if (depth < 1 || depth > int.MaxValue)
        {
            throw context.Error($"depth {depth} must be a positive integer.");
        }

        if (ShapeMath.ElementCount(context.InputShape(2)) != 2)
        {
            throw context.Error($"values '{context.InputName(2)}' must hold two elements [off, on].");
        }

        var indices = context.InputShape(0);
        var axis = ShapeMath.NormalizeAxis(_axis, indices.Length + 1, Node.Description);
        var output = new List<int>(indices);
        output.Insert(axis, (int)depth);
        context.SetOutput(0, context.InputType(2), [.. output]);
        context.State = (axis, (int)depth);
    }

    public override void Execute(KernelContext context)
    {
        var (axis, depth) = ((int, int))context.State!;
        var indices = context.InputShape(0);
        var outer = ShapeMath.Product(indices, 0, axis);
        var inner = ShapeMath.Product(indices, axis, indices.Length);
        ref readonly var values = ref context.InputView(2);
        ref readonly var output = ref context.OutputView(0);
        var size = ElementCopy.SizeOf(values.Type);
        var count = context.OutputLength(0);
        for (var i = 0; i < count; i++)
        {
            ElementCopy.CopyOne(values, 0, output, i, size);
        }

        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var index = (long)context.InputInt64Or(0, (o * inner) + i);
                index = index < 0 ? index + depth : index;
                if (index >= 0 && index < depth)
                {
                    ElementCopy.CopyOne(values, 1, output, (((long)o * depth) + index) * inner + i, size);
                }
            }
        }
    }
}
