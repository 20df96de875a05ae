using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>
/// The Reduce* family: axes from the attribute (before opset 13 for ReduceSum, 18 for the others) or
/// the optional input after, keepdims, and noop_with_empty_axes.
/// </summary>
internal sealed class ReduceOperator : Operator
{
    public static readonly string[] OpTypes =
        ["ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"];

    private readonly long[]? _axes;
    private readonly bool _keepDims;
    private readonly bool _noopWithEmptyAxes;
    private readonly bool _axesAsInput;

    public ReduceOperator(Node node)
        : base(node)
    {
        _axesAsInput = node.OpType is "ReduceSum" ? node.Opset >= 13 : node.Opset >= 18;
        _axes = _axesAsInput ? null : node.Attributes.GetInts("axes");
        _keepDims = node.Attributes.GetInt("keepdims", 1) != 0;
        _noopWithEmptyAxes = node.Attributes.GetInt("noop_with_empty_axes", 0) != 0;
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var axes = _axesAsInput ? (context.HasInput(1) ? context.RequireValue(1).ToInt64Array() : null) : _axes;
        if ((axes is null || axes.Length == 0) && _noopWithEmptyAxes)
        {
            context.SetOutputView(0, 0, shape);
            return;
        }

        var reduced = new bool[shape.Length];
        if (axes is null || axes.Length == 0)
        {
            Array.Fill(reduced, true);
        }
        else
        {
            foreach (var axis in axes)
            {
                reduced[ShapeMath.NormalizeAxis(axis, shape.Length, Node.Description)] = true;
            }
        }

        var output = new List<int>();
        for (var i = 0; i < shape.Length; i++)
        {
            if (!reduced[i])
            {
                output.Add(shape[i]);
            }
            else if (_keepDims)
            {
                output.Add(1);
            }
        }

        var layout = new ReductionLayout(shape, reduced);
        if (!TypeDispatch.TryNumeric(context.InputType(0), new Factory(layout, Node.OpType), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"{Node.OpType} does not support {DataTypes.Name(context.InputType(0))}.");
        }

        context.SetOutput(0, context.InputType(0), [.. output]);
        context.State = kernel;
    }

    public override void Execute(KernelContext context)
    {
        if (context.State is IStepKernel kernel)
        {
            kernel.Run(context);
        }
    }

    private readonly struct Factory(ReductionLayout layout, string kind) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, INumber<T> => new ReduceKernel<T>(layout, kind);
    }
}
