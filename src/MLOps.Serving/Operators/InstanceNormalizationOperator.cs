using System.Numerics;
using System.Numerics.Tensors;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>InstanceNormalization: each (image, channel) plane normalized over its spatial positions, then scaled and shifted per channel.</summary>
internal sealed class InstanceNormalizationOperator : Operator
{
    private readonly float _epsilon;

    public InstanceNormalizationOperator(Node node)
        : base(node)
    {
        _epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);
    }

    public override void Infer(InferContext context)
    {
        var x = context.InputShape(0);
        if (x.Length < 3 || ShapeMath.ElementCount(context.InputShape(1)) != x[1] || ShapeMath.ElementCount(context.InputShape(2)) != x[1])
        {
            throw context.Error($"input {ShapeMath.Format(x)} must be [N, C, …] with C-element scale and B.");
        }

        var geometry = (x[0], x[1], ShapeMath.Product(x, 2, x.Length));
        if (!TypeDispatch.TryFloating(context.InputType(0), new Factory(geometry, _epsilon), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"InstanceNormalization does not support {DataTypes.Name(context.InputType(0))}.");
        }

        context.SetOutput(0, context.InputType(0), x);
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed class Kernel<T>((int Batch, int Channels, int Size) geometry, float epsilon) : IStepKernel
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(KernelContext context)
        {
            var x = context.Input<T>(0);
            var scale = context.Input<T>(1);
            var bias = context.Input<T>(2);
            var y = context.Output<T>(0);
            var (batch, channels, size) = geometry;
            for (var n = 0; n < batch; n++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var offset = ((n * channels) + c) * size;
                    var plane = x.Slice(offset, size);
                    var target = y.Slice(offset, size);
                    var mean = TensorPrimitives.Sum(plane) / T.CreateTruncating(size);
                    TensorPrimitives.Subtract(plane, mean, target);
                    var variance = TensorPrimitives.SumOfSquares<T>(target) / T.CreateTruncating(size);
                    var a = scale[c] / T.Sqrt(variance + T.CreateTruncating(epsilon));
                    TensorPrimitives.Multiply(target, a, target);
                    TensorPrimitives.Add(target, bias[c], target);
                }
            }
        }
    }

    private readonly struct Factory((int, int, int) geometry, float epsilon) : IFloatingAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, IFloatingPointIeee754<T> => new Kernel<T>(geometry, epsilon);
    }
}
