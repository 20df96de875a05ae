namespace MLOps.Drift.Numerics;

/// <summary>Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations (exact to rounding, O(d³) per sweep).</summary>
internal static class SymmetricEigen
{
    /// <summary>Decomposes a symmetric d×d matrix.</summary>
    /// <returns>The eigenvalues, descending, and the eigenvectors as columns of a d×d matrix in the same order.</returns>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        int d = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            v[i, i] = 1;
        }

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < d; p++)
            {
                for (int q = p + 1; q < d; q++)
                {
                    off += a[p, q] * a[p, q];
                }
            }

            if (off < 1e-30)
            {
                break;
            }

            for (int p = 0; p < d; p++)
            {
                for (int q = p + 1; q < d; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300)
                    {
                        continue;
                    }

                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    double c = 1 / Math.Sqrt((t * t) + 1);
                    double s = t * c;
                    for (int k = 0; k < d; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }

                    for (int k = 0; k < d; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }

                    for (int k = 0; k < d; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = (c * vkp) - (s * vkq);
                        v[k, q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }

        int[] order = [.. Enumerable.Range(0, d).OrderByDescending(i => a[i, i])];
        var values = new double[d];
        var vectors = new double[d, d];
        for (int k = 0; k < d; k++)
        {
            values[k] = a[order[k], order[k]];
            for (int i = 0; i < d; i++)
            {
                vectors[i, k] = v[i, order[k]];
            }
        }

        return (values, vectors);
    }
}
