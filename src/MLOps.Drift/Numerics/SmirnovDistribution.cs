namespace MLOps.Drift.Numerics;

/// <summary>
/// The one-sided one-sample Smirnov statistic D_n⁺: P(D_n⁺ ≥ x) by the Birnbaum–Tingey sum
/// x Σ_j C(n, j) (x + j/n)^(j−1) (1 − x − j/n)^(n−j), each term written as a binomial probability
/// (x / a_j) · P(Bin(n, a_j) = j) with a_j = x + j/n and computed by Loader's method, so the sum keeps
/// full relative precision in the far tail.
/// </summary>
internal static class SmirnovDistribution
{
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
        double sum = 0;
        double max = 0;
        for (int j = 0; j <= last; j++)
        {
            double a = x + ((double)j / n);
            double q = (1 - x) - ((double)j / n);
            if (q <= 0)
            {
                break;
            }

            double term = BinomialProbability.Pmf(j, n, a, q) / a;
            sum += term;
            if (term > max)
            {
                max = term;
            }
            else if (term < 1e-20 * max)
            {
                // The terms are unimodal in j: once far below the peak the rest cannot matter.
                break;
            }
        }

        double p = x * sum;
        return p > 1 ? 1 : p;
    }
}
