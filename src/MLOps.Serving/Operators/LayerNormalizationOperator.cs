using System.Numerics;
using System.Numerics.Tensors;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>LayerNormalization over the dimensions from 'axis' on, with optional Mean and InvStdDev outputs.</summary>
internal sealed class LayerNormalizationOperator : Operator
{
    private readonly long _axis;
    private readonly float _epsilon;

    public LayerNormalizationOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", -1);
        _epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);
    }

    public override void Infer(InferContext context)
    {
        var x = context.InputShape(0);
        var axis = ShapeMath.NormalizeAxis(_axis, x.Length, Node.Description);
        var outer = ShapeMath.Product(x, 0, axis);
        var inner = ShapeMath.Product(x, axis, x.Length);
        for (var i = 1; i < 3; i++)
        {
            if (!context.HasInput(i))
            {
                continue;
            }

            context.ExpectSameType(0, i);
            var count = ShapeMath.ElementCount(context.InputShape(i));
            if (count != inner && count != 1)
            {
                throw context.Error($"input {i} ('{context.InputName(i)}') {ShapeMath.Format(context.InputShape(i))} must match the normalized shape {ShapeMath.Format(x[axis..])}.");
            }
        }

        if (!TypeDispatch.TryFloating(context.InputType(0), new Factory(outer, inner, _epsilon), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"LayerNormalization does not support {DataTypes.Name(context.InputType(0))}.");
        }

        context.SetOutput(0, context.InputType(0), x);
        var statistics = x.Select((d, i) => i < axis ? d : 1).ToArray();
        for (var o = 1; o < 3; o++)
        {
            if (context.HasOutput(o))
            {
                context.SetOutput(o, context.InputType(0), statistics);
            }
        }

        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed class Kernel<T>(int outer, int inner, float epsilon) : IStepKernel
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(KernelContext context)
        {
            var x = context.Input<T>(0);
            var scale = context.Input<T>(1);
            var bias = context.HasInput(2) ? context.Input<T>(2) : default;
            var y = context.Output<T>(0);
            var means = context.HasOutput(1) ? context.Output<T>(1) : default;
            var inverses = context.HasOutput(2) ? context.Output<T>(2) : default;
            var count = T.CreateTruncating(inner);
            for (var o = 0; o < outer; o++)
            {
                var row = x.Slice(o * inner, inner);
                var target = y.Slice(o * inner, inner);
                var mean = TensorPrimitives.Sum(row) / count;
                var variance = T.Zero;
                foreach (var v in row)
                {
                    variance += (v - mean) * (v - mean);
                }

                var inverse = T.One / T.Sqrt((variance / count) + T.CreateTruncating(epsilon));
                TensorPrimitives.Subtract(row, mean, target);
                TensorPrimitives.Multiply(target, inverse, target);
                if (scale.Length == 1)
                {
                    TensorPrimitives.Multiply(target, scale[0], target);
                }
                else
                {
                    TensorPrimitives.Multiply(target, scale, target);
                }

                if (bias.Length == 1)
                {
                    TensorPrimitives.Add(target, bias[0], target);
                }
                else if (!bias.IsEmpty)
                {
                    TensorPrimitives.Add(target, bias, target);
                }

                if (!means.IsEmpty)
                {
                    means[o] = mean;
                }

                if (!inverses.IsEmpty)
                {
                    inverses[o] = inverse;
                }
            }
        }
    }

    private readonly struct Factory(int outer, int inner, float epsilon) : IFloatingAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, IFloatingPointIeee754<T> => new Kernel<T>(outer, inner, epsilon);
    }
}
