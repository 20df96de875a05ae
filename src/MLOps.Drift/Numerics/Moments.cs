namespace MLOps.Drift.Numerics;

/// <summary>Means and variances computed in two passes with pairwise summation, so they agree with numpy's to rounding.</summary>
internal static class Moments
{
    /// <summary>The arithmetic mean; NaN when empty.</summary>
    public static double Mean(ReadOnlySpan<double> values) => values.IsEmpty ? double.NaN : PairwiseSum(values) / values.Length;

    /// <summary>The sample variance with denominator n − 1; 0 for one value, NaN when empty.</summary>
    public static double SampleVariance(ReadOnlySpan<double> values, double mean)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        if (values.Length == 1)
        {
            return 0;
        }

        return SquaredDeviations(values, mean) / (values.Length - 1);
    }

    /// <summary>Σ (x − mean)², pairwise.</summary>
    public static double SquaredDeviations(ReadOnlySpan<double> values, double mean)
    {
        if (values.Length <= 128)
        {
            double sum = 0;
            foreach (double v in values)
            {
                double d = v - mean;
                sum += d * d;
            }

            return sum;
        }

        int half = values.Length / 2;
        return SquaredDeviations(values[..half], mean) + SquaredDeviations(values[half..], mean);
    }

    /// <summary>A pairwise (cascade) sum: error O(log n · eps) rather than O(n · eps).</summary>
    public static double PairwiseSum(ReadOnlySpan<double> values)
    {
        if (values.Length <= 128)
        {
            double sum = 0;
            foreach (double v in values)
            {
                sum += v;
            }

            return sum;
        }

        int half = values.Length / 2;
        return PairwiseSum(values[..half]) + PairwiseSum(values[half..]);
    }
}
