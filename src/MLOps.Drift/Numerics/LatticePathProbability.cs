namespace MLOps.Drift.Numerics;

/// <summary>
/// Exact null probabilities of the two-sample Kolmogorov–Smirnov statistic. Under the null every
/// interleaving of the m reference and n current values is equally likely: a monotone lattice path
/// from (0, 0) to (m, n). D ≥ h/lcm(m, n) exactly when the path touches |i·n − j·m| ≥ h·gcd(m, n)
/// (one boundary for the one-sided statistics, which share one distribution by reversing the path).
/// </summary>
internal static class LatticePathProbability
{
    /// <summary>P(D ≥ h/lcm) for the two-sided statistic.</summary>
    public static double TwoSided(int m, int n, long h)
    {
        if (m == n)
        {
            return Clip(SquareTwoSided(n, h));
        }

        return Clip(FirstPassage(m, n, h * Gcd(m, n), twoSided: true));
    }

    /// <summary>P(D⁺ ≥ h/lcm), which is also P(D⁻ ≥ h/lcm).</summary>
    public static double OneSided(int m, int n, long h)
    {
        if (m == n)
        {
            // C(2n, n - h) / C(2n, n) = Π_{j<h} (n - j) / (n + j + 1).
            double p = 1.0;
            for (long j = 0; j < h && p > 0; j++)
            {
                p *= (double)(n - j) / (n + j + 1);
            }

            return Clip(p);
        }

        return Clip(FirstPassage(m, n, h * Gcd(m, n), twoSided: false));
    }

    /// <summary>The greatest common divisor.</summary>
    public static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    /// <summary>
    /// For m = n, by the reflection principle: P(D ≥ h/n) = 2 Σ_{k≥1} (−1)^(k−1) C(2n, n − kh) / C(2n, n).
    /// The ratios are built as running products, so nothing overflows.
    /// </summary>
    private static double SquareTwoSided(int n, long h)
    {
        if (h > n)
        {
            return 0.0;
        }

        double sum = 0;
        double ratio = 1.0;
        long index = 0;
        for (int k = 1; k * h <= n; k++)
        {
            long target = k * h;
            while (index < target)
            {
                // C(2n, n - (i+1)) / C(2n, n - i) = (n - i) / (n + i + 1).
                ratio *= (double)(n - index) / (n + index + 1);
                index++;
            }

            if (ratio == 0)
            {
                break;
            }

            sum += (k % 2 == 1 ? 2.0 : -2.0) * ratio;
        }

        return sum;
    }

    /// <summary>
    /// The probability that a uniformly random path leaves the band: the probability mass flowing
    /// through each step that crosses the boundary for the first time, summed. Masses are transition
    /// probabilities (≤ 1), so nothing overflows, and the sum of positive exits keeps full relative
    /// precision even for tiny p-values.
    /// </summary>
    private static double FirstPassage(int m, int n, long bound, bool twoSided)
    {
        var row = new double[n + 2];
        var next = new double[n + 2];
        double outside = 0;
        row[0] = 1.0;
        int lo = 0, hi = 0;
        for (int i = 0; i <= m; i++)
        {
            int nextLo = int.MaxValue, nextHi = -1;
            for (int j = lo; j <= hi; j++)
            {
                double mass = row[j];
                if (mass == 0)
                {
                    continue;
                }

                row[j] = 0;
                long remaining = (long)(m - i) + (n - j);
                if (remaining == 0)
                {
                    continue;
                }

                if (i < m)
                {
                    double step = mass * (m - i) / remaining;
                    if (Inside(i + 1, j, m, n, bound, twoSided))
                    {
                        next[j] += step;
                        nextLo = Math.Min(nextLo, j);
                        nextHi = Math.Max(nextHi, j);
                    }
                    else
                    {
                        outside += step;
                    }
                }

                if (j < n)
                {
                    double step = mass * (n - j) / remaining;
                    if (Inside(i, j + 1, m, n, bound, twoSided))
                    {
                        row[j + 1] += step;
                        hi = Math.Max(hi, j + 1);
                    }
                    else
                    {
                        outside += step;
                    }
                }
            }

            (row, next) = (next, row);
            if (nextHi < 0)
            {
                break;
            }

            lo = nextLo;
            hi = nextHi;
        }

        return outside;
    }

    private static bool Inside(int i, int j, int m, int n, long bound, bool twoSided)
    {
        long diff = ((long)i * n) - ((long)j * m);
        return twoSided ? Math.Abs(diff) < bound : diff < bound;
    }

    private static double Clip(double p) => p < 0 ? 0 : p > 1 ? 1 : p;
}
