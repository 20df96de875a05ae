using System.Numerics;
using System.Numerics.Tensors;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>BatchNormalization at inference: per channel, <c>y = (x − mean) / √(var + ε) · scale + B</c>.</summary>
internal sealed class BatchNormalizationOperator : Operator
{
    private readonly float _epsilon;

    public BatchNormalizationOperator(Node node)
        : base(node)
    {
        _epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);
        if (node.Attributes.GetInt("training_mode", 0) != 0 || (node.Opset < 7 && node.Attributes.GetInt("is_test", 0) == 0 && node.Outputs.Length > 1))
        {
            throw Error("training mode is not supported; the engine runs inference only.");
        }

        if (node.Opset < 9 && node.Attributes.GetInt("spatial", 1) == 0)
        {
            throw node.Attributes.Invalid("spatial", "= 0 (per-activation statistics) is not supported");
        }

        if (node.Outputs.Skip(1).Any(o => o is not null))
        {
            throw Error("the running mean and variance outputs (training mode) are not supported.");
        }
    }

    public float Epsilon => _epsilon;

    public override void Infer(InferContext context)
    {
        var x = context.InputShape(0);
        if (x.Length < 2)
        {
            throw context.Error($"X '{context.InputName(0)}' {ShapeMath.Format(x)} must be [N, C, …].");
        }

        for (var i = 1; i < 5; i++)
        {
            context.ExpectSameType(0, i);
            if (ShapeMath.ElementCount(context.InputShape(i)) != x[1])
            {
                throw context.Error($"input {i} ('{context.InputName(i)}') {ShapeMath.Format(context.InputShape(i))} must have one element per channel ({x[1]}).");
            }
        }

        var geometry = (x[0], x[1], ShapeMath.Product(x, 2, x.Length));
        if (!TypeDispatch.TryFloating(context.InputType(0), new Factory(geometry, _epsilon), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"BatchNormalization does not support {DataTypes.Name(context.InputType(0))}.");
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
            var mean = context.Input<T>(3);
            var variance = context.Input<T>(4);
            var y = context.Output<T>(0);
            var (batch, channels, size) = geometry;
            var eps = T.CreateTruncating(epsilon);
            for (var c = 0; c < channels; c++)
            {
                var a = scale[c] / T.Sqrt(variance[c] + eps);
                var b = bias[c] - (mean[c] * a);
                for (var n = 0; n < batch; n++)
                {
                    var offset = ((n * channels) + c) * size;
                    var target = y.Slice(offset, size);
                    TensorPrimitives.Multiply(x.Slice(offset, size), a, target);
                    TensorPrimitives.Add(target, b, target);
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
