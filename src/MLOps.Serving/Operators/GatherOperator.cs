using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Gather along an axis by int32/int64 indices (negative indices count from the end; out of range is an error).</summary>
internal sealed class GatherOperator : Operator
{
    private readonly long _axis;

    public GatherOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", 0);
    }

    public override void Infer(InferContext context)
    {
        var data = context.InputShape(0);
        var indices = context.InputShape(1);
        context.ExpectType(1, DataType.Int32, DataType.Int64);
        var axis = ShapeMath.NormalizeAxis(_axis, data.Length, Node.Description);
        var output = new List<int>();
        output.AddRange(data[..axis]);
        output.AddRange(indices);
        output.AddRange(data[(axis + 1)..]);
        context.SetOutput(0, context.InputType(0), [.. output]);
        context.State = axis;
    }

    public override void Execute(KernelContext context)
    {
        var axis = (int)context.State!;
        var data = context.InputShape(0);
        var outer = ShapeMath.Product(data, 0, axis);
        var inner = ShapeMath.Product(data, axis + 1, data.Length);
        var axisSize = data[axis];
        var count = context.InputLength(1);
        ref readonly var source = ref context.InputView(0);
        ref readonly var destination = ref context.OutputView(0);
        var size = ElementCopy.SizeOf(source.Type);
        for (var j = 0; j < count; j++)
        {
            var index = context.InputInt64(1, j);
            if (index < -axisSize || index >= axisSize)
            {
                throw new ValidationException($"{Node.Description}: index {index} (element {j} of '{context.InputName(1)}') is out of range for dimension {axis} of size {axisSize}.");
            }
        }

        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < count; j++)
            {
                var index = context.InputInt64(1, j);
                if (index < 0)
                {
                    index += axisSize;
                }

                var from = (((long)o * axisSize) + index) * inner;
                var to = (((long)o * count) + j) * inner;
                if (inner == 1)
                {
                    ElementCopy.CopyOne(source, from, destination, to, size);
                }
                else
                {
                    ElementCopy.Copy(source, from, destination, to, inner);
                }
            }
        }
    }
}
