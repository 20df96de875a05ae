namespace MLOps.Drift.Numerics;

/// <summary>
/// The distribution of the one-sample two-sided Kolmogorov statistic D_n, P(D_n ≥ x), computed as
/// Simard &amp; L'Ecuyer (2011, "Computing the two-sided Kolmogorov-Smirnov distribution") recommend:
/// closed forms at the ends (Ruben &amp; Gambino), twice the one-sided Smirnov tail where it is exact
/// or where the tail is small, Durbin's matrix method (Marsaglia, Tsang &amp; Wang 2003) where it is
/// cheap, and the Pelz–Good asymptotic series for large n. The region boundaries are the same as
/// scipy.stats.kstwo's, so that asymptotic two-sample p-values agree with scipy's.
/// </summary>
internal static class KolmogorovDistribution
{
    /// <summary>P(D_n ≥ x).</summary>
    public static double Sf(int n, double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x >= 1.0)
        {
            return 0.0;
        }

        if (x <= 0.0)
        {
            return 1.0;
        }

        double t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5)
            {
                return 1.0;
            }

            // Ruben-Gambino: P(D_n < x) = n!/n^n (2t - 1)^n for 1/(2n) ≤ x ≤ 1/n.
            double logCdf = LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1));
            return Clip(-SpecialFunctions.ExpM1(logCdf));
        }

        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1.0 - x, n));
        }

        if (x >= 0.5)
        {
            return Clip(2 * SmirnovDistribution.Sf(n, x));
        }

        double nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 4)
            {
                return Clip(1.0 - DurbinCdf(n, x));
            }

            return Clip(2 * SmirnovDistribution.Sf(n, x));
        }

        if (nxSquared >= 370.0)
        {
            return 0.0;
        }

        if (nxSquared >= 2.2)
        {
            return Clip(2 * SmirnovDistribution.Sf(n, x));
        }

        double cdf;
        if (nxSquared >= 18.0)
        {
            cdf = 1.0;
        }
        else if (n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4)
        {
            cdf = DurbinCdf(n, x);
        }
        else
        {
            cdf = PelzGoodCdf(n, x);
        }

        return Clip(1.0 - cdf);
    }

    /// <summary>P(D_n &lt; d) by Durbin's matrix method with the exponent tracking of Marsaglia, Tsang and Wang.</summary>
    internal static double DurbinCdf(int n, double d)
    {
        int k = (int)(n * d) + 1;
        int m = (2 * k) - 1;
        double h = k - (n * d);
        var matrix = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                matrix[(i * m) + j] = i - j + 1 < 0 ? 0 : 1;
            }
        }

        for (int i = 0; i < m; i++)
        {
            matrix[i * m] -= Math.Pow(h, i + 1);
            matrix[((m - 1) * m) + i] -= Math.Pow(h, m - i);
        }

        matrix[(m - 1) * m] += (2 * h) - 1 > 0 ? Math.Pow((2 * h) - 1, m) : 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                if (i - j + 1 > 0)
                {
                    for (int g = 1; g <= i - j + 1; g++)
                    {
                        matrix[(i * m) + j] /= g;
                    }
                }
            }
        }

        var (power, exponent) = MatrixPower(matrix, m, n);
        double s = power[((k - 1) * m) + k - 1];
        for (int i = 1; i <= n; i++)
        {
            s = s * i / n;
            if (s < 1e-140)
            {
                s *= 1e140;
                exponent -= 140;
            }
        }

        return s * Math.Pow(10.0, exponent);
    }

    /// <summary>P(D_n &lt; x) by the Pelz–Good expansion in powers of n^-1/2 (four terms).</summary>
    internal static double PelzGoodCdf(int n, double x)
    {
        double sqrtN = Math.Sqrt(n);
        double z = sqrtN * x;
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double pi2 = Math.PI * Math.PI;
        double pi4 = pi2 * pi2;
        double pi6 = pi4 * pi2;
        double w = pi2 / (2 * z2);

        double k0 = 0, k1 = 0, k2a = 0, k3a = 0;
        for (int k = 0; k < 200; k++)
        {
            double kh = k + 0.5;
            double kh2 = kh * kh;
            double e = Math.Exp(-kh2 * w);
            if (e == 0 && k > 0)
            {
                break;
            }

            k0 += e;
            k1 += ((pi2 * kh2) - z2) * e;
            k2a += ((6 * z6) + (2 * z4) + (pi2 * ((2 * z4) - (5 * z2)) * kh2) + (pi4 * (1 - (2 * z2)) * kh2 * kh2)) * e;
            double kh4 = kh2 * kh2;
            k3a += ((pi6 * (5 - (30 * z2)) * kh4 * kh2) + (pi4 * ((-60 * z2) + (212 * z4)) * kh4)
                + (pi2 * ((135 * z4) - (96 * z6)) * kh2) - ((30 * z6) + (90 * z6 * z2))) * e;
        }

        double k2b = 0, k3b = 0;
        for (int k = 1; k < 200; k++)
        {
            double k2 = (double)k * k;
            double e = Math.Exp(-k2 * w);
            if (e == 0)
            {
                break;
            }

            k2b += pi2 * k2 * e;
            k3b += ((-pi4 * k2 * k2) + (3 * pi2 * k2 * z2)) * e;
        }

        double root = Math.Sqrt(Math.PI / 2);
        double term0 = Math.Sqrt(2 * Math.PI) / z * k0;
        double term1 = root / (3 * z4) * k1;
        double term2 = (root / (36 * z6 * z) * k2a) - (root / (18 * z2 * z) * k2b);
        double term3 = (root / (3240 * z6 * z4) * k3a) + (root / (108 * z6) * k3b);
        return term0 + (term1 / sqrtN) + (term2 / n) + (term3 / (n * sqrtN));
    }

    private static double LogFactorialOverPower(int n) => SpecialFunctions.LogGamma(n + 1.0) - (n * Math.Log(n));

    private static double Clip(double p) => p < 0 ? 0 : p > 1 ? 1 : p;

    private static (double[] Matrix, int Exponent) MatrixPower(double[] a, int m, int n)
    {
        if (n == 1)
        {
            return ((double[])a.Clone(), 0);
        }

        var (half, exponent) = MatrixPower(a, m, n / 2);
        double[] result = Multiply(half, half, m);
        exponent *= 2;
        if (n % 2 == 1)
        {
            result = Multiply(a, result, m);
        }

        if (result[((m / 2) * m) + (m / 2)] > 1e140)
        {
            for (int i = 0; i < result.Length; i++)
            {
                result[i] *= 1e-140;
            }

            exponent += 140;
        }

        return (result, exponent);
    }

    private static double[] Multiply(double[] a, double[] b, int m)
    {
        var c = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            for (int k = 0; k < m; k++)
            {
                double aik = a[(i * m) + k];
                if (aik == 0)
                {
                    continue;
                }

                for (int j = 0; j < m; j++)
                {
                    c[(i * m) + j] += aik * b[(k * m) + j];
                }
            }
        }

        return c;
    }
}
