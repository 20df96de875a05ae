using System.Numerics;
using System.Numerics.Tensors;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Clip to [min, max]: attributes before opset 11, optional scalar inputs after; any numeric type.</summary>
internal sealed class ClipOperator : Operator
{
    private readonly float _minAttribute;
    private readonly float _maxAttribute;

    public ClipOperator(Node node)
        : base(node)
    {
        _minAttribute = node.Attributes.GetFloat("min", float.MinValue);
        _maxAttribute = node.Attributes.GetFloat("max", float.MaxValue);
    }

    public override void Infer(InferContext context)
    {
        var type = context.InputType(0);
        for (var i = 1; i < 3; i++)
        {
            if (context.HasInput(i) && ShapeMath.ElementCount(context.InputShape(i)) != 1)
            {
                throw context.Error($"bound '{context.InputName(i)}' {ShapeMath.Format(context.InputShape(i))} must be a scalar.");
            }
        }

        if (!TypeDispatch.TryNumeric(type, new Factory(this), out IStepKernel? kernel))
        {
            throw context.Error($"Clip does not support {DataTypes.Name(type)}.");
        }

        context.SetOutput(0, type, context.InputShape(0));
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed class Kernel<T>(float minAttribute, float maxAttribute, bool legacy) : IStepKernel
        where T : unmanaged, INumber<T>
    {
        private readonly T _lowest = legacy ? T.CreateSaturating(minAttribute) : Lowest();
        private readonly T _highest = legacy ? T.CreateSaturating(maxAttribute) : Highest();

        public void Run(KernelContext context)
        {
            var min = !legacy && context.HasInput(1) ? context.Input<T>(1)[0] : _lowest;
            var max = !legacy && context.HasInput(2) ? context.Input<T>(2)[0] : _highest;
            var y = context.Output<T>(0);
            TensorPrimitives.Max(context.Input<T>(0), min, y);
            TensorPrimitives.Min(y, max, y);
        }

        private static T Lowest() => typeof(T) == typeof(float) ? (T)(object)float.NegativeInfinity
            : typeof(T) == typeof(double) ? (T)(object)double.NegativeInfinity
            : typeof(T) == typeof(Half) ? (T)(object)Half.NegativeInfinity
            : T.CreateSaturating(double.MinValue);

        private static T Highest() => typeof(T) == typeof(float) ? (T)(object)float.PositiveInfinity
            : typeof(T) == typeof(double) ? (T)(object)double.PositiveInfinity
            : typeof(T) == typeof(Half) ? (T)(object)Half.PositiveInfinity
            : T.CreateSaturating(double.MaxValue);
    }

    private readonly struct Factory(ClipOperator owner) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, INumber<T> => new Kernel<T>(owner._minAttribute, owner._maxAttribute, owner.Node.Opset < 11);
    }
}
