using System.Numerics;

namespace MLOps.Serving.Kernels;

/// <summary>Generic work over one floating-point element type (float, double, half).</summary>
internal interface IFloatingAction<out TResult>
{
    TResult Invoke<T>()
        where T : unmanaged, IFloatingPointIeee754<T>;
}
