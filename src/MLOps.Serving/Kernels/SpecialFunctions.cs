namespace MLOps.Serving.Kernels;

/// <summary>Scalar functions the BCL does not provide.</summary>
internal static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>
    /// The error function: its Maclaurin series below |x| = 3 (about 1e-13 absolute there), and the
    /// continued fraction of erfc above, where the series would lose precision to cancellation.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        var ax = Math.Abs(x);
        if (ax < 3)
        {
            var x2 = x * x;
            var term = x;
            var sum = x;
            for (var n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                var next = term / ((2 * n) + 1);
                sum += next;
                if (Math.Abs(next) < 1e-17)
                {
                    break;
                }
            }

            return sum * TwoOverSqrtPi;
        }

        if (ax > 6)
        {
            return Math.Sign(x);
        }

        // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail.
        var t = ax;
        for (var k = 80; k >= 1; k--)
        {
            t = ax + (k / 2.0 / t);
        }

        var erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / t;
        return x < 0 ? erfc - 1 : 1 - erfc;
    }
}
