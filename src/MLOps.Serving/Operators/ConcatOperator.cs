using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Concat along an axis: each input contributes a block per outer index.</summary>
internal sealed class ConcatOperator : Operator
{
    private readonly long _axis;

    public ConcatOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", node.Opset < 4 ? 1 : long.MinValue);
        if (_axis == long.MinValue)
        {
            throw Error("attribute 'axis' is missing.");
        }
    }

    public override void Infer(InferContext context)
    {
        var first = context.InputShape(0);
        var axis = ShapeMath.NormalizeAxis(_axis, first.Length, Node.Description);
        var output = (int[])first.Clone();
        output[axis] = 0;
        for (var i = 0; i < context.InputCount; i++)
        {
            var shape = context.InputShape(i);
            context.ExpectSameType(0, i);
            if (shape.Length != first.Length)
            {
                throw context.Error($"input {i} ('{context.InputName(i)}') {ShapeMath.Format(shape)} has a different rank from input 0 {ShapeMath.Format(first)}.");
            }

            for (var d = 0; d < shape.Length; d++)
            {
                if (d != axis && shape[d] != first[d])
                {
                    throw context.Error($"input {i} ('{context.InputName(i)}') {ShapeMath.Format(shape)} differs from input 0 {ShapeMath.Format(first)} in dimension {d}, not the concat axis {axis}.");
                }
            }

            output[axis] += shape[axis];
        }

        context.SetOutput(0, context.InputType(0), output);
        context.State = axis;
    }

    public override void Execute(KernelContext context)
    {
        var axis = (int)context.State!;
        var output = context.OutputShape(0);
        var outer = ShapeMath.Product(output, 0, axis);
        var inner = ShapeMath.Product(output, axis + 1, output.Length);
        var outputRow = (long)output[axis] * inner;
        long offset = 0;
        for (var i = 0; i < context.InputCount; i++)
        {
            var block = (long)context.InputShape(i)[axis] * inner;
            for (var o = 0; o < outer; o++)
            {
                ElementCopy.Copy(context.InputView(i), o * block, context.OutputView(0), (o * outputRow) + offset, block);
            }

            offset += block;
        }
    }
}
