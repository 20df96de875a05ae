using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>TopK along an axis (largest or smallest, sorted; equal values keep the lower index first); values and int64 indices.</summary>
internal sealed class TopKOperator : Operator
{
    private readonly long _axis;
    private readonly bool _largest;
    private readonly long? _kAttribute;

    public TopKOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", -1);
        _largest = node.Attributes.GetInt("largest", 1) != 0;
        _kAttribute = node.Opset < 10 ? node.Attributes.GetRequiredInt("k") : null;
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var axis = ShapeMath.NormalizeAxis(_axis, shape.Length, Node.Description);
        var k = _kAttribute ?? context.RequireValue(1).GetInt64(0);
        if (k < 0 || k > shape[axis])
        {
            throw context.Error($"k = {k} is outside [0, {shape[axis]}] for dimension {axis} of '{context.InputName(0)}'.");
        }

        var output = (int[])shape.Clone();
        output[axis] = (int)k;
        var geometry = (ShapeMath.Product(shape, 0, axis), shape[axis], ShapeMath.Product(shape, axis + 1, shape.Length), (int)k);
        if (!TypeDispatch.TryNumeric(context.InputType(0), new Factory(geometry, _largest), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"TopK does not support {DataTypes.Name(context.InputType(0))}.");
        }

        context.SetOutput(0, context.InputType(0), output);
        context.SetOutput(1, DataType.Int64, output);
        context.RequestScratch((long)shape[axis] * sizeof(int));
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed unsafe class Kernel<T>((int Outer, int Length, int Inner, int K) geometry, bool largest) : IStepKernel
        where T : unmanaged, INumber<T>
    {
        public void Run(KernelContext context)
        {
            var x = context.Input<T>(0);
            var values = context.Output<T>(0);
            var indices = context.Output<long>(1);
            var (outer, length, inner, k) = geometry;
            var order = new Span<int>(context.Scratch, length);
            for (var o = 0; o < outer; o++)
            {
                for (var i = 0; i < inner; i++)
                {
                    var start = (o * length * inner) + i;
                    for (var j = 0; j < length; j++)
                    {
                        order[j] = j;
                    }

                    // Insertion sort of the first k by value, then index: stable and allocation-free.
                    for (var j = 1; j < length; j++)
                    {
                        var candidate = order[j];
                        var value = x[start + (candidate * inner)];
                        var m = j - 1;
                        while (m >= 0 && Before(value, candidate, x[start + (order[m] * inner)], order[m]))
                        {
                            order[m + 1] = order[m];
                            m--;
                        }

                        order[m + 1] = candidate;
                    }

                    for (var j = 0; j < k; j++)
                    {
                        var target = (((o * k) + j) * inner) + i;
                        values[target] = x[start + (order[j] * inner)];
                        indices[target] = order[j];
                    }
                }
            }
        }

        private bool Before(T a, int ia, T b, int ib) =>
            largest ? (a > b || (a == b && ia < ib)) : (a < b || (a == b && ia < ib));
    }

    private readonly struct Factory((int, int, int, int) geometry, bool largest) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, INumber<T> => new Kernel<T>(geometry, largest);
    }
}
