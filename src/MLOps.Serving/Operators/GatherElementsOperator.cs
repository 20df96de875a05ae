using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>GatherElements: out[i…] = data[i… with index[i…] on the axis]; the output has the indices' shape.</summary>
internal sealed class GatherElementsOperator : Operator
{
    private readonly long _axis;

    public GatherElementsOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", 0);
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(1, DataType.Int32, DataType.Int64);
        var data = context.InputShape(0);
        var indices = context.InputShape(1);
        var axis = ShapeMath.NormalizeAxis(_axis, data.Length, Node.Description);
        if (indices.Length != data.Length)
        {
            throw context.Error($"indices {ShapeMath.Format(indices)} must have the rank of data {ShapeMath.Format(data)}.");
        }

        context.SetOutput(0, context.InputType(0), indices);
        context.State = axis;
    }

    public override void Execute(KernelContext context)
    {
        var axis = (int)context.State!;
        var data = context.InputShape(0);
        var shape = context.InputShape(1);
        Span<long> strides = stackalloc long[data.Length];
        ShapeMath.Strides(data, strides);
        Span<int> index = stackalloc int[shape.Length];
        ref readonly var source = ref context.InputView(0);
        ref readonly var output = ref context.OutputView(0);
        var size = ElementCopy.SizeOf(source.Type);
        var count = context.OutputLength(0);
        for (var i = 0; i < count; i++)
        {
            var position = context.InputInt64(1, i);
            if (position < -data[axis] || position >= data[axis])
            {
                throw new ValidationException($"{Node.Description}: index {position} (element {i} of '{context.InputName(1)}') is out of range for dimension {axis} of size {data[axis]}.");
            }

            position = position < 0 ? position + data[axis] : position;
            long offset = 0;
            for (var d = 0; d < shape.Length; d++)
            {
                offset += (d == axis ? position : index[d]) * strides[d];
            }

            ElementCopy.CopyOne(source, offset, output, i, size);
            for (var d = shape.Length - 1; d >= 0 && ++index[d] == shape[d]; d--)
            {
                index[d] = 0;
            }
        }
    }
}
