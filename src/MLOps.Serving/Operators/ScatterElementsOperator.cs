using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>ScatterElements (and the older Scatter): a copy of data with updates written at indices along an axis (reduction none, add or mul).</summary>
internal sealed class ScatterElementsOperator : Operator
{
    private readonly long _axis;
    private readonly string _reduction;

    public ScatterElementsOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", 0);
        _reduction = node.Attributes.GetString("reduction", "none");
        if (_reduction is not ("none" or "add" or "mul"))
        {
            throw node.Attributes.Invalid("reduction", $"'{_reduction}' is not supported (none, add, mul)");
        }
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(1, DataType.Int32, DataType.Int64);
        context.ExpectSameType(0, 2);
        var data = context.InputShape(0);
        var indices = context.InputShape(1);
        if (indices.Length != data.Length || !indices.AsSpan().SequenceEqual(context.InputShape(2)))
        {
            throw context.Error($"indices {ShapeMath.Format(indices)} and updates {ShapeMath.Format(context.InputShape(2))} must have one shape, of the rank of data {ShapeMath.Format(data)}.");
        }

        if (_reduction is not "none" && !DataTypes.IsNumeric(context.InputType(0)))
        {
            throw context.Error($"reduction '{_reduction}' needs a numeric type.");
        }

        context.SetOutput(0, context.InputType(0), data);
        context.State = ShapeMath.NormalizeAxis(_axis, data.Length, Node.Description);
    }

    public override unsafe void Execute(KernelContext context)
    {
        var axis = (int)context.State!;
        var data = context.InputShape(0);
        var shape = context.InputShape(1);
        ElementCopy.Copy(context.InputView(0), 0, context.OutputView(0), 0, context.InputLength(0));
        Span<long> strides = stackalloc long[data.Length];
        ShapeMath.Strides(data, strides);
        Span<int> index = stackalloc int[shape.Length];
        ref readonly var updates = ref context.InputView(2);
        ref readonly var output = ref context.OutputView(0);
        var size = ElementCopy.SizeOf(updates.Type);
        var count = context.InputLength(1);
        for (var i = 0; i < count; i++)
        {
            var position = context.InputInt64(1, i);
            if (position < -data[axis] || position >= data[axis])
            {
                throw new ValidationException($"{Node.Description}: index {position} (element {i}) is out of range for dimension {axis} of size {data[axis]}.");
            }

            position = position < 0 ? position + data[axis] : position;
            long offset = 0;
            for (var d = 0; d < shape.Length; d++)
            {
                offset += (d == axis ? position : index[d]) * strides[d];
            }

            if (_reduction is "none")
            {
                ElementCopy.CopyOne(updates, i, output, offset, size);
            }
            else
            {
                ScalarMath.Combine(updates.Type, output.Pointer, offset, updates.Pointer, i, _reduction is "add");
            }

            for (var d = shape.Length - 1; d >= 0 && ++index[d] == shape[d]; d--)
            {
                index[d] = 0;
            }
        }
    }
}
