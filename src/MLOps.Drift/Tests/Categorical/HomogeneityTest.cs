using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>The shared arithmetic of the chi-square and G tests on a 2×k table.</summary>
internal static class HomogeneityTest
{
    public static StatisticalTestResult Compute(IReadOnlyList<long> reference, IReadOnlyList<long> current, string test, bool logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != current.Count)
        {
            throw new ValidationException($"Test '{test}' needs counts over the same categories; the reference has {reference.Count} and the current {current.Count}.");
        }

        double r = 0, c = 0;
        int categories = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            if (reference[i] < 0 || current[i] < 0)
            {
                throw new ValidationException($"Test '{test}': category {i} has a negative count.");
            }

            r += reference[i];
            c += current[i];
            if (reference[i] + current[i] > 0)
            {
                categories++;
            }
        }

        SampleInput.RequireSize((long)r, 1, test, "reference");
        SampleInput.RequireSize((long)c, 1, test, "current");
        if (categories <= 1)
        {
            return new StatisticalTestResult(0, 1, PValueMethod.Asymptotic);
        }

        double n = r + c;
        var sum = default(CompensatedSum);
        for (int i = 0; i < reference.Count; i++)
        {
            double column = reference[i] + current[i];
            if (column == 0)
            {
                continue;
            }

            sum.Add(Term(reference[i], r * column / n, logLikelihood));
            sum.Add(Term(current[i], c * column / n, logLikelihood));
        }

        double statistic = logLikelihood ? 2 * sum.Value : sum.Value;
        return new StatisticalTestResult(statistic, ProbabilityDistributions.ChiSquareSf(statistic, categories - 1), PValueMethod.Asymptotic);
    }

    private static double Term(double observed, double expected, bool logLikelihood)
    {
        if (logLikelihood)
        {
            return observed == 0 ? 0 : observed * Math.Log(observed / expected);
        }

        double d = observed - expected;
        return d * d / expected;
    }
}
