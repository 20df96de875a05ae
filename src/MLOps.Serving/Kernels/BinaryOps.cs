using System.Numerics;
using System.Numerics.Tensors;

namespace MLOps.Serving.Kernels;

/// <summary>The element-wise binary operations, as span operations for <see cref="Broadcast"/>.</summary>
internal static class BinaryOps
{
    public readonly struct Add<T> : IBinarySpanOp<T, T, T>
        where T : INumber<T>
    {
        public static void VectorVector(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Add(a, b, result);

        public static void VectorScalar(ReadOnlySpan<T> a, T b, Span<T> result) => TensorPrimitives.Add(a, b, result);

        public static void ScalarVector(T a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Add(b, a, result);
    }

    public readonly struct Subtract<T> : IBinarySpanOp<T, T, T>
        where T : INumber<T>
    {
        public static void VectorVector(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Subtract(a, b, result);

        public static void VectorScalar(ReadOnlySpan<T> a, T b, Span<T> result) => TensorPrimitives.Subtract(a, b, result);

        public static void ScalarVector(T a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Subtract(a, b, result);
    }

    public readonly struct Multiply<T> : IBinarySpanOp<T, T, T>
        where T : INumber<T>
    {
        public static void VectorVector(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Multiply(a, b, result);

        public static void VectorScalar(ReadOnlySpan<T> a, T b, Span<T> result) => TensorPrimitives.Multiply(a, b, result);

        public static void ScalarVector(T a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Multiply(b, a, result);
    }

    public readonly struct Divide<T> : IBinarySpanOp<T, T, T>
        where T : INumber<T>
    {
        public static void VectorVector(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Divide(a, b, result);

        public static void VectorScalar(ReadOnlySpan<T> a, T b, Span<T> result) => TensorPrimitives.Divide(a, b, result);

        public static void ScalarVector(T a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Divide(a, b, result);
    }

    public readonly struct Min<T> : IBinarySpanOp<T, T, T>
        where T : INumber<T>
    {
        public static void VectorVector(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Min(a, b, result);

        public static void VectorScalar(ReadOnlySpan<T> a, T b, Span<T> result) => TensorPrimitives.Min(a, b, result);

        public static void ScalarVector(T a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Min(b, a, result);
    }

    public readonly struct Max<T> : IBinarySpanOp<T, T, T>
        where T : INumber<T>
    {
        public static void VectorVector(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Max(a, b, result);

        public static void VectorScalar(ReadOnlySpan<T> a, T b, Span<T> result) => TensorPrimitives.Max(a, b, result);

        public static void ScalarVector(T a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Max(b, a, result);
    }

    public readonly struct Power<T> : IBinarySpanOp<T, T, T>
        where T : IFloatingPointIeee754<T>
    {
        public static void VectorVector(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Pow(a, b, result);

        public static void VectorScalar(ReadOnlySpan<T> a, T b, Span<T> result) => TensorPrimitives.Pow(a, b, result);

        public static void ScalarVector(T a, ReadOnlySpan<T> b, Span<T> result) => TensorPrimitives.Pow(a, b, result);
    }

    /// <summary>Pow where the base or exponent is an integer or the types differ: computed in double, result in the base's type.</summary>
    public readonly struct MixedPower<TA, TB> : IBinaryScalarOp<TA, TB, TA>
        where TA : INumber<TA>
        where TB : INumber<TB>
    {
        public static TA Apply(TA a, TB b) =>
            CastKernels.Convert<double, TA>(Math.Pow(CastKernels.Convert<TA, double>(a), CastKernels.Convert<TB, double>(b)));
    }

    /// <summary>Integer Mod with fmod = 0: the result takes the divisor's sign, like Python's %.</summary>
    public readonly struct FloorMod<T> : IBinaryScalarOp<T, T, T>
        where T : INumber<T>
    {
        public static T Apply(T a, T b)
        {
            if (T.IsZero(b))
            {
                throw new ValidationException("Mod: division by zero.");
            }

            var r = a % b;
            return !T.IsZero(r) && (T.IsNegative(r) != T.IsNegative(b)) ? r + b : r;
        }
    }

    /// <summary>Mod with fmod = 1: the result takes the dividend's sign, like C's fmod.</summary>
    public readonly struct TruncatedMod<T> : IBinaryScalarOp<T, T, T>
        where T : INumber<T>
    {
        public static T Apply(T a, T b)
        {
            if (T.IsZero(b) && T.IsInteger(b) && typeof(T) != typeof(float) && typeof(T) != typeof(double) && typeof(T) != typeof(Half))
            {
                throw new ValidationException("Mod: division by zero.");
            }

            return a % b;
        }
    }

    public readonly struct Equal<T> : IBinaryScalarOp<T, T, bool>
        where T : INumber<T>
    {
        public static bool Apply(T a, T b) => a == b;
    }

    public readonly struct Less<T> : IBinaryScalarOp<T, T, bool>
        where T : INumber<T>
    {
        public static bool Apply(T a, T b) => a < b;
    }

    public readonly struct LessOrEqual<T> : IBinaryScalarOp<T, T, bool>
        where T : INumber<T>
    {
        public static bool Apply(T a, T b) => a <= b;
    }

    public readonly struct Greater<T> : IBinaryScalarOp<T, T, bool>
        where T : INumber<T>
    {
        public static bool Apply(T a, T b) => a > b;
    }

    public readonly struct GreaterOrEqual<T> : IBinaryScalarOp<T, T, bool>
        where T : INumber<T>
    {
        public static bool Apply(T a, T b) => a >= b;
    }

    public readonly struct EqualBool : IBinaryScalarOp<bool, bool, bool>
    {
        public static bool Apply(bool a, bool b) => a == b;
    }

    public readonly struct And : IBinaryScalarOp<bool, bool, bool>
    {
        public static bool Apply(bool a, bool b) => a & b;
    }

    public readonly struct Or : IBinaryScalarOp<bool, bool, bool>
    {
        public static bool Apply(bool a, bool b) => a | b;
    }

    public readonly struct Xor : IBinaryScalarOp<bool, bool, bool>
    {
        public static bool Apply(bool a, bool b) => a ^ b;
    }

    public readonly struct PRelu<T> : IBinaryScalarOp<T, T, T>
        where T : INumber<T>
    {
        public static T Apply(T a, T b) => T.IsNegative(a) ? a * b : a;
    }

    public readonly struct ShiftLeft<T> : IBinaryScalarOp<T, T, T>
        where T : IBinaryInteger<T>
    {
        public static T Apply(T a, T b) => b >= T.CreateTruncating(64) ? T.Zero : a << int.CreateTruncating(b);
    }

    public readonly struct ShiftRight<T> : IBinaryScalarOp<T, T, T>
        where T : IBinaryInteger<T>
    {
        public static T Apply(T a, T b) => b >= T.CreateTruncating(64) ? T.Zero : a >>> int.CreateTruncating(b);
    }
}
