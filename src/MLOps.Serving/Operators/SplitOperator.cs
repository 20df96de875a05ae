using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Split along an axis: sizes from the 'split' attribute (before opset 13) or input, else equal parts.</summary>
internal sealed class SplitOperator : Operator
{
    private readonly long _axis;
    private readonly long[]? _split;
    private readonly long _numOutputs;

    public SplitOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", 0);
        _split = node.Opset < 13 ? node.Attributes.GetInts("split") : null;
        _numOutputs = node.Attributes.GetInt("num_outputs", 0);
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var axis = ShapeMath.NormalizeAxis(_axis, shape.Length, Node.Description);
        var count = context.OutputCount;
        var split = _split ?? (context.HasInput(1) ? context.RequireValue(1).ToInt64Array() : null);
        var sizes = new int[count];
        if (split is not null)
        {
            if (split.Length != count || split.Sum() != shape[axis] || split.Any(s => s < 0))
            {
                throw context.Error($"split [{string.Join(", ", split)}] does not divide dimension {axis} ({shape[axis]}) of input '{context.InputName(0)}' into {count} outputs.");
            }

            for (var i = 0; i < count; i++)
            {
                sizes[i] = (int)split[i];
            }
        }
        else
        {
            var parts = _numOutputs > 0 ? (int)_numOutputs : count;
            var size = (shape[axis] + parts - 1) / parts;
            if (_numOutputs == 0 && shape[axis] % parts != 0)
            {
                throw context.Error($"dimension {axis} ({shape[axis]}) of input '{context.InputName(0)}' does not split into {parts} equal parts.");
            }

            for (var i = 0; i < count; i++)
            {
                sizes[i] = Math.Clamp(shape[axis] - (i * size), 0, size);
            }
        }

        for (var i = 0; i < count; i++)
        {
            var output = (int[])shape.Clone();
            output[axis] = sizes[i];
            if (context.HasOutput(i))
            {
                context.SetOutput(i, context.InputType(0), output);
            }
        }

        context.State = new SplitState(axis, sizes);
    }

    public override void Execute(KernelContext context)
    {
        var state = (SplitState)context.State!;
        var shape = context.InputShape(0);
        var outer = ShapeMath.Product(shape, 0, state.Axis);
        var inner = ShapeMath.Product(shape, state.Axis + 1, shape.Length);
        var inputRow = (long)shape[state.Axis] * inner;
        long offset = 0;
        for (var i = 0; i < state.Sizes.Length; i++)
        {
            var block = (long)state.Sizes[i] * inner;
            if (context.HasOutput(i))
            {
                for (var o = 0; o < outer; o++)
                {
                    ElementCopy.Copy(context.InputView(0), (o * inputRow) + offset, context.OutputView(i), o * block, block);
                }
            }

            offset += block;
        }
    }

    private sealed record SplitState(int Axis, int[] Sizes);
}
