namespace MLOps.Drift.Numerics;

/// <summary>
/// Binomial probabilities with full relative precision for large n, by Loader's saddle-point
/// expansion (C. Loader, "Fast and accurate computation of binomial probabilities", 2000):
/// the Stirling corrections and the deviance term bd0 are each computed without cancellation.
/// </summary>
internal static class BinomialProbability
{
    /// <summary>P(X = k) for X ~ Binomial(n, p), with q = 1 − p given separately.</summary>
    public static double Pmf(double k, double n, double p, double q)
    {
        if (p <= 0)
        {
            return k == 0 ? 1.0 : 0.0;
        }

        if (q <= 0)
        {
            return k == n ? 1.0 : 0.0;
        }

        if (k == 0)
        {
            return n == 0 ? 1.0 : Math.Exp(n * SpecialFunctions.Log1P(-p));
        }

        if (k == n)
        {
            return Math.Exp(n * Math.Log(p));
        }

        if (k < 0 || k > n)
        {
            return 0.0;
        }

        double lc = SpecialFunctions.StirlingCorrection(n) - SpecialFunctions.StirlingCorrection(k) - SpecialFunctions.StirlingCorrection(n - k)
            - Deviance(k, n * p) - Deviance(n - k, n * q);
        double lf = Math.Log(2 * Math.PI) + Math.Log(k) + SpecialFunctions.Log1P(-k / n);
        return Math.Exp(lc - (0.5 * lf));
    }

    /// <summary>bd0(x, m) = x ln(x/m) + m − x, the binomial deviance, computed without cancellation.</summary>
    public static double Deviance(double x, double m)
    {
        if (Math.Abs(x - m) < 0.1 * (x + m))
        {
            double v = (x - m) / (x + m);
            double s = (x - m) * v;
            double ej = 2 * x * v;
            v *= v;
            for (int j = 1; j < 1000; j++)
            {
                ej *= v;
                double s1 = s + (ej / ((2 * j) + 1));
                if (s1 == s)
                {
                    return s1;
                }

                s = s1;
            }

            return s;
        }

        return (x * Math.Log(x / m)) + m - x;
    }
}
