namespace MLOps.Drift.Numerics;

/// <summary>
/// The limiting distribution of the Cramér–von Mises statistic (Anderson &amp; Darling 1952; Csörgő
/// &amp; Faraway 1996): F(x) = Σ_k Γ(k + ½) / (Γ(½) k!) · √(4k + 1) / (π √x) · e^(−q) K_¼(q) / √π... in
/// the form (π^{3/2} √x)^{-1} Σ_k Γ(k + ½)/Γ(k + 1) √(4k + 1) e^{−q_k} K_¼(q_k), q_k = (4k + 1)²/(16x).
/// </summary>
/// <remarks>
/// The series is summed until a term falls below 1e-7 (that term included), the stopping rule scipy
/// 1.10 uses, so that asymptotic p-values agree with scipy's to rounding. Past that point the
/// remaining terms are far below 1e-7 in total; the truncation is an approximation scipy makes too.
/// </remarks>
internal static class CramerVonMisesDistribution
{
    /// <summary>The limiting CDF at x &gt; 0.</summary>
    public static double LimitingCdf(double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        double total = 0;
        double scale = 1.0 / (Math.Pow(Math.PI, 1.5) * Math.Sqrt(x));
        for (int k = 0; k < 10_000; k++)
        {
            double ratio = Math.Exp(SpecialFunctions.LogGamma(k + 0.5) - SpecialFunctions.LogGamma(k + 1.0));
            double y = (4.0 * k) + 1;
            double q = y * y / (16 * x);
            double term = ratio * scale * Math.Sqrt(y) * Math.Exp(-2 * q) * SpecialFunctions.ScaledBesselK(0.25, q);
            total += term;
            if (Math.Abs(term) < 1e-7)
            {
                break;
            }
        }

        return total;
    }
}
