using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Tile: repeat the input along each axis; one strided copy per tile.</summary>
internal sealed class TileOperator : Operator
{
    public TileOperator(Node node)
        : base(node)
    {
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var repeats = context.RequireValue(1).ToInt64Array();
        if (repeats.Length != shape.Length || repeats.Any(r => r < 0))
        {
            throw context.Error($"repeats [{string.Join(", ", repeats)}] must have one non-negative entry per dimension of input '{context.InputName(0)}' {ShapeMath.Format(shape)}.");
        }

        // Viewed as [r0, d0, r1, d1, ...] with stride 0 on the repeat axes, then merged back.
        var sizes = new int[shape.Length * 2];
        var strides = new long[shape.Length * 2];
        Span<long> inputStrides = stackalloc long[shape.Length];
        ShapeMath.Strides(shape, inputStrides);
        var output = new int[shape.Length];
        for (var d = 0; d < shape.Length; d++)
        {
            sizes[2 * d] = (int)repeats[d];
            sizes[(2 * d) + 1] = shape[d];
            strides[(2 * d) + 1] = inputStrides[d];
            output[d] = checked((int)(repeats[d] * shape[d]));
        }

        context.SetOutput(0, context.InputType(0), output);
        context.State = StridedCopy.Create(sizes, strides, 0);
    }

    public override void Execute(KernelContext context) =>
        ((StridedCopy)context.State!).Run(context.InputView(0), context.OutputView(0));
}
