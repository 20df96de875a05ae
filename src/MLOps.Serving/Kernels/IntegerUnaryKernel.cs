using System.Numerics;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Kernels;

/// <summary>Abs, Neg, Sign and Relu over integer types.</summary>
internal sealed class IntegerUnaryKernel<T> : IStepKernel
    where T : unmanaged, INumber<T>
{
    private readonly Func<T, T> _function;

    public IntegerUnaryKernel(string name)
    {
        _function = name switch
        {
            "Abs" => static v => T.IsNegative(v) ? T.Zero - v : v,
            "Neg" => static v => T.Zero - v,
            "Sign" => static v => T.IsZero(v) ? T.Zero : T.IsNegative(v) ? T.Zero - T.One : T.One,
            _ => static v => T.IsNegative(v) ? T.Zero : v,
        };
    }

    public void Run(KernelContext context)
    {
        var x = context.Input<T>(0);
        var y = context.Output<T>(0);
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = _function(x[i]);
        }
    }
}
