using System.Numerics;
using System.Numerics.Tensors;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>GlobalAveragePool and GlobalMaxPool: one value per (image, channel) over all spatial positions.</summary>
internal sealed class GlobalPoolOperator : Operator
{
    public GlobalPoolOperator(Node node)
        : base(node)
    {
    }

    public override void Infer(InferContext context)
    {
        var x = context.InputShape(0);
        if (x.Length < 3)
        {
            throw context.Error($"X '{context.InputName(0)}' {ShapeMath.Format(x)} must be [N, C, spatial…].");
        }

        var output = new int[x.Length];
        Array.Fill(output, 1);
        output[0] = x[0];
        output[1] = x[1];
        var average = Node.OpType is "GlobalAveragePool";
        if (!TypeDispatch.TryFloating(context.InputType(0), new Factory(average, x[0] * x[1], ShapeMath.Product(x, 2, x.Length)), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"{Node.OpType} does not support {DataTypes.Name(context.InputType(0))}.");
        }

        context.SetOutput(0, context.InputType(0), output);
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed class Kernel<T>(bool average, int planes, int size) : IStepKernel
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(KernelContext context)
        {
            var input = context.Input<T>(0);
            var output = context.Output<T>(0);
            for (var p = 0; p < planes; p++)
            {
                var plane = input.Slice(p * size, size);
                output[p] = average ? TensorPrimitives.Sum(plane) / T.CreateTruncating(size) : TensorPrimitives.Max(plane);
            }
        }
    }

    private readonly struct Factory(bool average, int planes, int size) : IFloatingAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, IFloatingPointIeee754<T> => new Kernel<T>(average, planes, size);
    }
}
