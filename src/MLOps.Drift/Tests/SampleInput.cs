using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>Checks and prepares the raw inputs of the static test methods.</summary>
internal static class SampleInput
{
    /// <summary>A sorted copy of finite values.</summary>
    /// <exception cref="ValidationException">A value is NaN or infinite.</exception>
    public static double[] SortedFinite(ReadOnlySpan<double> values, string test, string window)
    {
        double[] copy = values.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (!double.IsFinite(copy[i]))
            {
                throw new ValidationException(
                    $"Test '{test}': value {i} of the {window} sample is {copy[i]}; drop non-finite values first (NumericSample.FromValues drops and counts them).");
            }
        }

        RadixSort.Sort(copy);
        return copy;
    }

    /// <summary>Sorted copies of two samples' finite values; large samples are sorted on two threads at once.</summary>
    /// <exception cref="ValidationException">A value is NaN or infinite.</exception>
    public static (double[] Reference, double[] Current) SortedFinitePair(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, string test)
    {
        if (reference.Length + current.Length < 200_000 || Environment.ProcessorCount < 2)
        {
            return (SortedFinite(reference, test, "reference"), SortedFinite(current, test, "current"));
        }

        double[] a = reference.ToArray();
        double[] b = current.ToArray();
        double[]? sortedA = null, sortedB = null;
        try
        {
            Parallel.Invoke(() => sortedA = SortedFinite(a, test, "reference"), () => sortedB = SortedFinite(b, test, "current"));
        }
        catch (AggregateException ex) when (ex.InnerException is ValidationException validation)
        {
            throw new ValidationException(validation.Message, validation);
        }

        return (sortedA!, sortedB!);
    }

    /// <summary>Checks a sample size.</summary>
    /// <exception cref="ValidationException">The sample has fewer than <paramref name="minimum"/> values.</exception>
    public static void RequireSize(long count, int minimum, string test, string window)
    {
        if (count < minimum)
        {
            throw new ValidationException($"Test '{test}' needs at least {minimum} value(s) in the {window} sample; it has {count}.");
        }
    }
}
