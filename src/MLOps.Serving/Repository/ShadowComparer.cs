using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>Compares a shadow's outputs with the primary's: same names, types and shapes, numeric values within a tolerance, other values equal.</summary>
internal static class ShadowComparer
{
    public static (bool Agreed, double MaxDifference) Compare(InferenceResponse primary, InferenceResponse shadow, double tolerance)
    {
        var agreed = true;
        var maxDifference = 0.0;
        foreach (var output in primary.Signature.Outputs)
        {
            var index = shadow.Signature.IndexOfOutput(output.Name);
            if (index < 0)
            {
                agreed = false;
                continue;
            }

            var left = primary[output.Name];
            var right = shadow.Outputs[index];
            if (left.ElementType != right.ElementType || left.Shape != right.Shape)
            {
                agreed = false;
                continue;
            }

            var difference = MaxDifference(left, right);
            maxDifference = Math.Max(maxDifference, double.IsNaN(difference) ? 0 : difference);
            agreed &= difference <= tolerance;
        }

        return (agreed, maxDifference);
    }

    /// <summary>The largest absolute difference; 0 or +Inf for non-numeric values (equal or not); NaN pairs count as equal.</summary>
    private static double MaxDifference(Tensor left, Tensor right) => (left, right) switch
    {
        (Tensor<float> a, Tensor<float> b) => Max(a.Span, b.Span, static v => v),
        (Tensor<double> a, Tensor<double> b) => Max(a.Span, b.Span, static v => v),
        (Tensor<int> a, Tensor<int> b) => Max(a.Span, b.Span, static v => v),
        (Tensor<long> a, Tensor<long> b) => Max(a.Span, b.Span, static v => v),
        (Tensor<Half> a, Tensor<Half> b) => Max(a.Span, b.Span, static v => (double)v),
        (Tensor<string> a, Tensor<string> b) => a.Span.SequenceEqual(b.Span) ? 0 : double.PositiveInfinity,
        _ => left.AsBytes().SequenceEqual(right.AsBytes()) ? 0 : double.PositiveInfinity,
    };

    private static double Max<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Func<T, double> toDouble)
    {
        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            double x = toDouble(a[i]), y = toDouble(b[i]);
            if (double.IsNaN(x) && double.IsNaN(y))
            {
                continue;
            }

            var difference = Math.Abs(x - y);
            if (double.IsNaN(difference) || difference > max)
            {
                max = double.IsNaN(difference) ? double.PositiveInfinity : difference;
            }
        }

        return max;
    }
}
