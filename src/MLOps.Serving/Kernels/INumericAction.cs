using System.Numerics;

namespace MLOps.Serving.Kernels;

/// <summary>Generic work over one numeric element type, picked at run time by <see cref="TypeDispatch"/>.</summary>
internal interface INumericAction<out TResult>
{
    TResult Invoke<T>()
        where T : unmanaged, INumber<T>;
}
