using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>CumSum along an axis given as an input, optionally exclusive and/or reversed.</summary>
internal sealed class CumSumOperator : Operator
{
    private readonly bool _exclusive;
    private readonly bool _reverse;

    public CumSumOperator(Node node)
        : base(node)
    {
        _exclusive = node.Attributes.GetInt("exclusive", 0) != 0;
        _reverse = node.Attributes.GetInt("reverse", 0) != 0;
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var axis = ShapeMath.NormalizeAxis(context.RequireValue(1).GetInt64(0), shape.Length, Node.Description);
        var geometry = (ShapeMath.Product(shape, 0, axis), shape[axis], ShapeMath.Product(shape, axis + 1, shape.Length));
        if (!TypeDispatch.TryNumeric(context.InputType(0), new Factory(geometry, _exclusive, _reverse), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"CumSum does not support {DataTypes.Name(context.InputType(0))}.");
        }

        context.SetOutput(0, context.InputType(0), shape);
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed class Kernel<T>((int Outer, int Length, int Inner) geometry, bool exclusive, bool reverse) : IStepKernel
        where T : unmanaged, INumber<T>
    {
        public void Run(KernelContext context)
        {
            var x = context.Input<T>(0);
            var y = context.Output<T>(0);
            var (outer, length, inner) = geometry;
            for (var o = 0; o < outer; o++)
            {
                for (var i = 0; i < inner; i++)
                {
                    var sum = T.Zero;
                    for (var step = 0; step < length; step++)
                    {
                        var k = reverse ? length - 1 - step : step;
                        var index = (((o * length) + k) * inner) + i;
                        if (exclusive)
                        {
                            y[index] = sum;
                            sum += x[index];
                        }
                        else
                        {
                            sum += x[index];
                            y[index] = sum;
                        }
                    }
                }
            }
        }
    }

    private readonly struct Factory((int, int, int) geometry, bool exclusive, bool reverse) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, INumber<T> => new Kernel<T>(geometry, exclusive, reverse);
    }
}
