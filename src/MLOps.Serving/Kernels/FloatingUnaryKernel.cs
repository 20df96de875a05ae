using System.Numerics;
using System.Numerics.Tensors;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Kernels;

/// <summary>Unary functions over float, double or half.</summary>
internal sealed class FloatingUnaryKernel<T> : IStepKernel
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly UnaryFunction _function;
    private readonly T _alpha;
    private readonly T _beta;
    private readonly T _gamma;
    private readonly Func<T, T>? _scalar;

    public FloatingUnaryKernel(UnaryFunction function)
    {
        _function = function;
        _alpha = T.CreateTruncating(function.Alpha);
        _beta = T.CreateTruncating(function.Beta);
        _gamma = T.CreateTruncating(function.Gamma);
        _scalar = CreateScalar(function, _alpha, _beta, _gamma);
    }

    public void Run(KernelContext context)
    {
        var x = context.Input<T>(0);
        if (_function.Name is "IsNaN" or "IsInf")
        {
            var flags = context.Output<bool>(0);
            for (var i = 0; i < x.Length; i++)
            {
                flags[i] = _function.Name is "IsNaN" ? T.IsNaN(x[i])
                    : (T.IsPositiveInfinity(x[i]) && _function.Beta != 0) || (T.IsNegativeInfinity(x[i]) && _function.Alpha != 0);
            }

            return;
        }

        Apply(x, context.Output<T>(0));
    }

    /// <summary>Applies the function; <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    public void Apply(ReadOnlySpan<T> x, Span<T> y)
    {
        switch (_function.Name)
        {
            case "Sqrt": TensorPrimitives.Sqrt(x, y); break;
            case "Exp": TensorPrimitives.Exp(x, y); break;
            case "Log": TensorPrimitives.Log(x, y); break;
            case "Abs": TensorPrimitives.Abs(x, y); break;
            case "Neg": TensorPrimitives.Negate(x, y); break;
            case "Reciprocal": TensorPrimitives.Reciprocal(x, y); break;
            case "Floor": TensorPrimitives.Floor(x, y); break;
            case "Ceil": TensorPrimitives.Ceiling(x, y); break;
            case "Relu": TensorPrimitives.Max(x, T.Zero, y); break;
            case "Sigmoid": TensorPrimitives.Sigmoid(x, y); break;
            case "Tanh": TensorPrimitives.Tanh(x, y); break;
            case "Sin": TensorPrimitives.Sin(x, y); break;
            case "Cos": TensorPrimitives.Cos(x, y); break;
            case "Tan": TensorPrimitives.Tan(x, y); break;
            case "Asin": TensorPrimitives.Asin(x, y); break;
            case "Acos": TensorPrimitives.Acos(x, y); break;
            case "Atan": TensorPrimitives.Atan(x, y); break;
            case "Sinh": TensorPrimitives.Sinh(x, y); break;
            case "Cosh": TensorPrimitives.Cosh(x, y); break;
            case "Asinh": TensorPrimitives.Asinh(x, y); break;
            case "Acosh": TensorPrimitives.Acosh(x, y); break;
            case "Atanh": TensorPrimitives.Atanh(x, y); break;
            case "Round": TensorPrimitives.Round(x, y); break;
            default: ApplyScalar(x, y); break;
        }
    }

    private void ApplyScalar(ReadOnlySpan<T> x, Span<T> y)
    {
        var function = _scalar ?? throw new InvalidOperationException($"Unary function {_function.Name} has no kernel.");
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = function(x[i]);
        }
    }

    private static Func<T, T>? CreateScalar(UnaryFunction function, T alpha, T beta, T gamma)
    {
        var one = T.One;
        var half = T.CreateTruncating(0.5);
        var six = T.CreateTruncating(6);
        return function.Name switch
        {
            "LeakyRelu" => v => v >= T.Zero ? v : alpha * v,
            "Elu" => v => v >= T.Zero ? v : alpha * (T.Exp(v) - one),
            "Selu" => v => v > T.Zero ? gamma * v : gamma * ((alpha * T.Exp(v)) - alpha),
            "HardSigmoid" => v => T.Max(T.Zero, T.Min(one, (alpha * v) + beta)),
            "Softplus" => Softplus,
            "Softsign" => v => v / (one + T.Abs(v)),
            "Erf" => v => T.CreateTruncating(SpecialFunctions.Erf(double.CreateTruncating(v))),
            "Gelu" when function.TanhApproximation => v =>
                half * v * (one + T.Tanh(T.CreateTruncating(0.7978845608028654) * (v + (T.CreateTruncating(0.044715) * v * v * v)))),
            "Gelu" => v => half * v * (one + T.CreateTruncating(SpecialFunctions.Erf(double.CreateTruncating(v) * 0.7071067811865476))),
            "Sign" => v => T.IsNaN(v) ? v : T.CreateTruncating(T.Sign(v)),
            "ThresholdedRelu" => v => v > alpha ? v : T.Zero,
            "Celu" => v => T.Max(T.Zero, v) + T.Min(T.Zero, alpha * (T.Exp(v / alpha) - one)),
            "HardSwish" => v => v * T.Max(T.Zero, T.Min(one, (v / six) + half)),
            "Mish" => v => v * T.Tanh(Softplus(v)),
            _ => null,
        };

        static T Softplus(T v) => v > T.Zero ? v + T.Log(T.One + T.Exp(-v)) : T.Log(T.One + T.Exp(v));
    }
}
