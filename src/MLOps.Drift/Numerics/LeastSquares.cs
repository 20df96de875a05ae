namespace MLOps.Drift.Numerics;

/// <summary>Polynomial least squares by Householder QR on the Vandermonde matrix (no normal equations, so no squared condition number).</summary>
internal static class LeastSquares
{
    /// <summary>Fits y ≈ Σ_k c_k x^k for k = 0..degree.</summary>
    /// <returns>The coefficients, constant term first.</returns>
    public static double[] FitPolynomial(IReadOnlyList<double> x, IReadOnlyList<double> y, int degree)
    {
        int rows = x.Count, cols = degree + 1;
        var a = new double[rows, cols];
        var b = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double p = 1;
            for (int j = 0; j < cols; j++)
            {
                a[i, j] = p;
                p *= x[i];
            }

            b[i] = y[i];
        }

        for (int j = 0; j < cols; j++)
        {
            double norm = 0;
            for (int i = j; i < rows; i++)
            {
                norm += a[i, j] * a[i, j];
            }

            norm = Math.Sqrt(norm);
            double alpha = a[j, j] > 0 ? -norm : norm;
            var v = new double[rows];
            v[j] = a[j, j] - alpha;
            for (int i = j + 1; i < rows; i++)
            {
                v[i] = a[i, j];
            }

            double vv = 0;
            for (int i = j; i < rows; i++)
            {
                vv += v[i] * v[i];
            }

            if (vv == 0)
            {
                continue;
            }

            for (int c = j; c < cols; c++)
            {
                double dot = 0;
                for (int i = j; i < rows; i++)
                {
                    dot += v[i] * a[i, c];
                }

                double f = 2 * dot / vv;
                for (int i = j; i < rows; i++)
                {
                    a[i, c] -= f * v[i];
                }
            }

            double db = 0;
            for (int i = j; i < rows; i++)
            {
                db += v[i] * b[i];
            }

            double fb = 2 * db / vv;
            for (int i = j; i < rows; i++)
            {
                b[i] -= fb * v[i];
            }
        }

        var coefficients = new double[cols];
        for (int j = cols - 1; j >= 0; j--)
        {
            double s = b[j];
            for (int c = j + 1; c < cols; c++)
            {
                s -= a[j, c] * coefficients[c];
            }

            coefficients[j] = s / a[j, j];
        }

        return coefficients;
    }
}
