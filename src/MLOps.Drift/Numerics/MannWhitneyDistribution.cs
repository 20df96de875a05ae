namespace MLOps.Drift.Numerics;

/// <summary>
/// The exact null distribution of the Mann–Whitney U statistic for samples of sizes m and n without
/// ties: the coefficients of the Gaussian binomial [m + n choose m]_q, built as Π_{i=1..m}
/// (1 − q^(n+i)) / (1 − q^i), then divided by C(m + n, m).
/// </summary>
/// <remarks>
/// Only the lower half of the (symmetric) distribution is used, where the coefficients are computed
/// without cancellation, so small tail probabilities keep their relative precision.
/// </remarks>
internal static class MannWhitneyDistribution
{
    /// <summary>P(U ≥ u).</summary>
    public static double Sf(long u, int m, int n)
    {
        long max = (long)m * n;
        if (u <= 0)
        {
            return 1.0;
        }

        if (u > max)
        {
            return 0.0;
        }

        // P(U ≥ u) = P(U ≤ mn − u) by symmetry; and 1 − P(U ≤ u − 1) when that is the lower half.
        long k = max - u;
        return k <= max / 2 ? Cdf(k, m, n) : 1.0 - Cdf(u - 1, m, n);
    }

    private static double Cdf(long k, int m, int n)
    {
        if (m > n)
        {
            (m, n) = (n, m);
        }

        int length = (int)Math.Min(k, (long)m * n) + 1;
        var c = new double[length];
        c[0] = 1.0;
        for (int i = 1; i <= m; i++)
        {
            // Divide by (1 − q^i): a running sum with stride i.
            for (int j = i; j < length; j++)
            {
                c[j] += c[j - i];
            }

            // Multiply by (1 − q^(n+i)).
            int shift = n + i;
            for (int j = length - 1; j >= shift; j--)
            {
                c[j] -= c[j - shift];
            }
        }

        double total = 1.0;
        for (int i = 1; i <= m; i++)
        {
            total = total * (n + i) / i;
        }

        double sum = 0;
        foreach (double v in c)
        {
            sum += v;
        }

        return Math.Min(1.0, sum / total);
    }
}
