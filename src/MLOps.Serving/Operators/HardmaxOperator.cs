using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Hardmax: 1 at the first maximum along the axis (the flattened trailing dimensions before opset 13), 0 elsewhere.</summary>
internal sealed class HardmaxOperator : Operator
{
    private readonly long _axis;

    public HardmaxOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", node.Opset < 13 ? 1 : -1);
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var axis = ShapeMath.NormalizeAxis(_axis, shape.Length, Node.Description);
        var geometry = Node.Opset < 13
            ? (ShapeMath.Product(shape, 0, axis), ShapeMath.Product(shape, axis, shape.Length), 1)
            : (ShapeMath.Product(shape, 0, axis), shape[axis], ShapeMath.Product(shape, axis + 1, shape.Length));
        if (!TypeDispatch.TryFloating(context.InputType(0), new Factory(geometry), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"Hardmax does not support {DataTypes.Name(context.InputType(0))}.");
        }

        context.SetOutput(0, context.InputType(0), shape);
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed class Kernel<T>((int Outer, int Length, int Inner) geometry) : IStepKernel
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(KernelContext context)
        {
            var x = context.Input<T>(0);
            var y = context.Output<T>(0);
            y.Clear();
            var (outer, length, inner) = geometry;
            for (var o = 0; o < outer; o++)
            {
                for (var i = 0; i < inner; i++)
                {
                    var start = (o * length * inner) + i;
                    var best = 0;
                    for (var k = 1; k < length; k++)
                    {
                        if (x[start + (k * inner)] > x[start + (best * inner)])
                        {
                            best = k;
                        }
                    }

                    if (length > 0)
                    {
                        y[start + (best * inner)] = T.One;
                    }
                }
            }
        }
    }

    private readonly struct Factory((int, int, int) geometry) : IFloatingAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, IFloatingPointIeee754<T> => new Kernel<T>(geometry);
    }
}
