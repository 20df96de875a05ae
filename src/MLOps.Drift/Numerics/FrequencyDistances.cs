namespace MLOps.Drift.Numerics;

/// <summary>
/// Distances between two discrete distributions given as counts over the same bins or categories.
/// PSI and KL replace an empty bin's share by <see cref="EmptyShare"/> (10⁻⁴, Evidently's choice) so
/// they stay finite when a category appears or vanishes; the others need no smoothing.
/// </summary>
internal static class FrequencyDistances
{
    /// <summary>The share an empty bin gets in PSI and KL.</summary>
    public const double EmptyShare = 1e-4;

    /// <summary>The shares of each bin.</summary>
    public static double[] Shares(IReadOnlyList<long> counts)
    {
        double total = 0;
        foreach (long c in counts)
        {
            total += c;
        }

        var shares = new double[counts.Count];
        for (int i = 0; i < shares.Length; i++)
        {
            shares[i] = total > 0 ? counts[i] / total : 0;
        }

        return shares;
    }

    /// <summary>The Jensen–Shannon distance (natural log), the square root of the divergence, as scipy's <c>jensenshannon</c>.</summary>
    public static double JensenShannon(double[] p, double[] q)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double m = (p[i] + q[i]) / 2;
            sum += RelativeEntropy(p[i], m) + RelativeEntropy(q[i], m);
        }

        return Math.Sqrt(Math.Max(0, sum / 2));
    }

    /// <summary>The population stability index Σ (p − q) ln(p/q), empty shares smoothed.</summary>
    public static double PopulationStability(double[] p, double[] q)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double a = Smooth(p[i]), b = Smooth(q[i]);
            sum += (a - b) * Math.Log(a / b);
        }

        return sum;
    }

    /// <summary>The Kullback–Leibler divergence KL(p ‖ q) = Σ p ln(p/q), p the reference shares and q the current ones (scipy.stats.entropy(p, q)); empty shares smoothed.</summary>
    public static double KullbackLeibler(double[] p, double[] q)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += RelativeEntropy(Smooth(p[i]), Smooth(q[i]));
        }

        return sum;
    }

    /// <summary>The Hellinger distance √(½ Σ (√p − √q)²), in [0, 1].</summary>
    public static double Hellinger(double[] p, double[] q)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double d = Math.Sqrt(p[i]) - Math.Sqrt(q[i]);
            sum += d * d;
        }

        return Math.Sqrt(0.5 * sum);
    }

    /// <summary>The total variation distance ½ Σ |p − q|, in [0, 1].</summary>
    public static double TotalVariation(double[] p, double[] q)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += Math.Abs(p[i] - q[i]);
        }

        return 0.5 * sum;
    }

    private static double Smooth(double share) => share == 0 ? EmptyShare : share;

    private static double RelativeEntropy(double x, double y) => x == 0 ? 0 : x * Math.Log(x / y);
}
