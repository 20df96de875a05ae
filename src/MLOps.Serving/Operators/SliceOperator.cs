using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Slice with starts/ends/axes/steps (attributes before opset 10, inputs after), clamped per the spec.</summary>
internal sealed class SliceOperator : Operator
{
    private readonly long[]? _starts;
    private readonly long[]? _ends;
    private readonly long[]? _axes;

    public SliceOperator(Node node)
        : base(node)
    {
        if (node.Opset < 10)
        {
            _starts = node.Attributes.GetInts("starts") ?? throw Error("attribute 'starts' is missing.");
            _ends = node.Attributes.GetInts("ends") ?? throw Error("attribute 'ends' is missing.");
            _axes = node.Attributes.GetInts("axes");
        }
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var rank = shape.Length;
        var starts = _starts ?? context.RequireValue(1).ToInt64Array();
        var ends = _ends ?? context.RequireValue(2).ToInt64Array();
        var axes = _starts is not null ? _axes : context.HasInput(3) ? context.RequireValue(3).ToInt64Array() : null;
        var steps = _starts is null && context.HasInput(4) ? context.RequireValue(4).ToInt64Array() : null;
        if (starts.Length != ends.Length || (axes is not null && axes.Length != starts.Length) || (steps is not null && steps.Length != starts.Length))
        {
            throw context.Error("starts, ends, axes and steps must have the same length.");
        }

        var begin = new long[rank];
        var step = new long[rank];
        var output = (int[])shape.Clone();
        Array.Fill(step, 1);
        var seen = new bool[rank];
        for (var i = 0; i < starts.Length; i++)
        {
            var axis = axes is null ? i : ShapeMath.NormalizeAxis(axes[i], rank, Node.Description);
            if (seen[axis])
            {
                throw context.Error($"axis {axis} is sliced twice.");
            }

            seen[axis] = true;
            var s = steps?[i] ?? 1;
            if (s == 0)
            {
                throw context.Error("a step of 0 is not allowed.");
            }

            long size = shape[axis];
            var start = starts[i] < 0 ? starts[i] + size : starts[i];
            var end = ends[i] < 0 ? ends[i] + size : ends[i];
            if (s > 0)
            {
                start = Math.Clamp(start, 0, size);
                end = Math.Clamp(end, 0, size);
                output[axis] = (int)Math.Max(0, (end - start + s - 1) / s);
            }
            else
            {
                start = Math.Clamp(start, 0, size - 1);
                end = Math.Clamp(end, -1, size - 1);
                output[axis] = (int)Math.Max(0, (start - end + (-s) - 1) / (-s));
            }

            begin[axis] = start;
            step[axis] = s;
        }

        Span<long> inputStrides = stackalloc long[rank];
        ShapeMath.Strides(shape, inputStrides);
        var strides = new long[rank];
        long offset = 0;
        for (var d = 0; d < rank; d++)
        {
            strides[d] = inputStrides[d] * step[d];
            offset += output[d] > 0 ? begin[d] * inputStrides[d] : 0;
        }

        context.SetOutput(0, context.InputType(0), output);
        context.State = StridedCopy.Create(output, strides, offset);
    }

    public override void Execute(KernelContext context) =>
        ((StridedCopy)context.State!).Run(context.InputView(0), context.OutputView(0));
}
