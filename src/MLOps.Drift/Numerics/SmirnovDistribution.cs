namespace MLOps.Drift.Numerics;

/// <summary>
/// The one-sided one-sample Smirnov statistic D_n⁺: P(D_n⁺ ≥ x) by the Birnbaum–Tingey sum
/// x Σ_j C(n, j) (x + j/n)^(j−1) (1 − x − j/n)^(n−j), each term written as a binomial probability
/// (x / a_j) · P(Bin(n, a_j) = j) with a_j = x + j/n and computed by Loader's method, so the sum keeps
/// full relative precision in the far tail.
/// </summary>
internal static class SmirnovDistribution
{
    private const int ParallelTerms = 32_768;

    /// <summary>P(D_n⁺ ≥ x).</summary>
    public static double Sf(int n, double x)
    {
        if (x <= 0)
        {
            return 1.0;
        }

        if (x >= 1)
        {
            return 0.0;
        }

        if (n == 1)
        {
            return 1.0 - x;
        }

        int last = (int)Math.Floor(n * (1 - x));
        double sum;
        if (last < ParallelTerms || Environment.ProcessorCount < 2)
        {
            sum = SumTerms(n, x, 0, last + 1);
        }
        else
        {
            // Large n (the asymptotic two-sample path at a million values): the terms are independent, so
            // the sum is split into chunks summed on all cores.
            int chunks = (last / ParallelTerms) + 1;
            var partial = new double[chunks];
            Parallel.For(0, chunks, c => partial[c] = SumTerms(n, x, c * ParallelTerms, Math.Min(last + 1, (c + 1) * ParallelTerms)));
            sum = 0;
            foreach (double part in partial)
            {
                sum += part;
            }
        }

        double p = x * sum;
        return p > 1 ? 1 : p;
    }

    private static double SumTerms(int n, double x, int from, int to)
    {
        double sum = 0;
        for (int j = from; j < to; j++)
        {
            double a = x + ((double)j / n);
            double q = (1 - x) - ((double)j / n);
            if (q <= 0)
            {
                break;
            }

            sum += BinomialProbability.Pmf(j, n, a, q) / a;
        }

        return sum;
    }
}
