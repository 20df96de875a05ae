using MLOps.Serving.Graph;

namespace MLOps.Serving.Kernels;

/// <summary>One-element arithmetic on untyped storage, for the scatter reductions.</summary>
internal static unsafe class ScalarMath
{
    /// <summary>target[t] = target[t] + source[s] (or ×).</summary>
    public static void Combine(DataType type, byte* target, long t, byte* source, long s, bool add)
    {
        switch (type)
        {
            case DataType.Float: Apply((float*)target + t, ((float*)source)[s], add); break;
            case DataType.Double: Apply((double*)target + t, ((double*)source)[s], add); break;
            case DataType.Int32: Apply((int*)target + t, ((int*)source)[s], add); break;
            case DataType.Int64: Apply((long*)target + t, ((long*)source)[s], add); break;
            case DataType.Float16:
                var h = (Half*)target + t;
                *h = (Half)(add ? (float)*h + (float)((Half*)source)[s] : (float)*h * (float)((Half*)source)[s]);
                break;
            default:
                throw new ValidationException($"Scatter reductions do not support {DataTypes.Name(type)}.");
        }
    }

    private static void Apply<T>(T* target, T value, bool add)
        where T : unmanaged, System.Numerics.INumber<T> => *target = add ? *target + value : *target * value;
}
