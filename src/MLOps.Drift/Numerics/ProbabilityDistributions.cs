namespace MLOps.Drift.Numerics;

/// <summary>Survival functions of the reference distributions the tests use (normal, chi-square, Student's t).</summary>
internal static class ProbabilityDistributions
{
    /// <summary>P(Z &gt; z) for a standard normal Z.</summary>
    public static double NormalSf(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }

        return z >= 0 ? 0.5 * SpecialFunctions.GammaQ(0.5, 0.5 * z * z) : 1.0 - (0.5 * SpecialFunctions.GammaQ(0.5, 0.5 * z * z));
    }

    /// <summary>P(Z ≤ z) for a standard normal Z.</summary>
    public static double NormalCdf(double z) => NormalSf(-z);

    /// <summary>P(X &gt; x) for X chi-square with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double ChiSquareSf(double x, double degreesOfFreedom)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        return x <= 0 ? 1.0 : SpecialFunctions.GammaQ(0.5 * degreesOfFreedom, 0.5 * x);
    }

    /// <summary>P(T &gt; t) for T Student-t with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double StudentTSf(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(t))
        {
            return 0.0;
        }

        if (double.IsNegativeInfinity(t))
        {
            return 1.0;
        }

        double t2 = t * t;
        double x = degreesOfFreedom / (degreesOfFreedom + t2);
        double y = t2 / (degreesOfFreedom + t2);
        double tail = 0.5 * SpecialFunctions.BetaRegularized(0.5 * degreesOfFreedom, 0.5, x, y);
        return t > 0 ? tail : 1.0 - tail;
    }
}
