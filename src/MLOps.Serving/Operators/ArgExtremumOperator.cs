using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>ArgMax and ArgMin along an axis (keepdims, select_last_index); int64 indices.</summary>
internal sealed class ArgExtremumOperator : Operator
{
    private readonly long _axis;
    private readonly bool _keepDims;
    private readonly bool _last;

    public ArgExtremumOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", 0);
        _keepDims = node.Attributes.GetInt("keepdims", 1) != 0;
        _last = node.Attributes.GetInt("select_last_index", 0) != 0;
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var axis = ShapeMath.NormalizeAxis(_axis, shape.Length, Node.Description);
        if (shape[axis] == 0)
        {
            throw context.Error($"dimension {axis} of input '{context.InputName(0)}' is empty; there is no {Node.OpType}.");
        }

        var output = new List<int>();
        for (var i = 0; i < shape.Length; i++)
        {
            if (i != axis)
            {
                output.Add(shape[i]);
            }
            else if (_keepDims)
            {
                output.Add(1);
            }
        }

        var geometry = (ShapeMath.Product(shape, 0, axis), shape[axis], ShapeMath.Product(shape, axis + 1, shape.Length));
        if (!TypeDispatch.TryNumeric(context.InputType(0), new Factory(geometry, Node.OpType is "ArgMax", _last), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"{Node.OpType} does not support {DataTypes.Name(context.InputType(0))}.");
        }

        context.SetOutput(0, DataType.Int64, [.. output]);
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed unsafe class Kernel<T>((int Outer, int Length, int Inner) geometry, bool max, bool last) : IStepKernel
        where T : unmanaged, INumber<T>
    {
        public void Run(KernelContext context)
        {
            var input = context.InputPointer<T>(0);
            var output = context.OutputPointer<long>(0);
            var (outer, length, inner) = geometry;
            for (var o = 0; o < outer; o++)
            {
                for (var i = 0; i < inner; i++)
                {
                    var start = input + ((long)o * length * inner) + i;
                    var best = start[0];
                    var index = 0;
                    for (var k = 1; k < length; k++)
                    {
                        var v = start[(long)k * inner];
                        var better = max ? (last ? v >= best : v > best) : (last ? v <= best : v < best);
                        if (better)
                        {
                            best = v;
                            index = k;
                        }
                    }

                    output[((long)o * inner) + i] = index;
                }
            }
        }
    }

    private readonly struct Factory((int, int, int) geometry, bool max, bool last) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, INumber<T> => new Kernel<T>(geometry, max, last);
    }
}
