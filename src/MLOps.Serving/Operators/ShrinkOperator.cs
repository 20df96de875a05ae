using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Shrink: x &lt; −λ → x + bias, x &gt; λ → x − bias, else 0.</summary>
internal sealed class ShrinkOperator : Operator
{
    private readonly float _lambda;
    private readonly float _bias;

    public ShrinkOperator(Node node)
        : base(node)
    {
        _lambda = node.Attributes.GetFloat("lambd", 0.5f);
        _bias = node.Attributes.GetFloat("bias", 0f);
    }

    public override void Infer(InferContext context)
    {
        if (!TypeDispatch.TryNumeric(context.InputType(0), new Factory(_lambda, _bias), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"Shrink does not support {DataTypes.Name(context.InputType(0))}.");
        }

        context.SetOutput(0, context.InputType(0), context.InputShape(0));
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed class Kernel<T>(float lambda, float bias) : IStepKernel
        where T : unmanaged, INumber<T>
    {
        public void Run(KernelContext context)
        {
            var x = context.Input<T>(0);
            var y = context.Output<T>(0);
            for (var i = 0; i < x.Length; i++)
            {
                var v = double.CreateTruncating(x[i]);
                y[i] = v < -lambda ? T.CreateTruncating(v + bias) : v > lambda ? T.CreateTruncating(v - bias) : T.Zero;
            }
        }
    }

    private readonly struct Factory(float lambda, float bias) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, INumber<T> => new Kernel<T>(lambda, bias);
    }
}
