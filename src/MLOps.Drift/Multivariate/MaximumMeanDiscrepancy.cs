using System.Numerics.Tensors;
using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The kernel two-sample test on rows of several columns: the unbiased estimate of MMD² with the RBF
/// kernel k(a, b) = exp(−‖a − b‖²/(2σ²)), σ by the median heuristic unless given, and a permutation
/// p-value (Gretton et al. 2012).
/// </summary>
/// <remarks>
/// The pooled kernel matrix is computed once (distances in double, kernel values stored as float) and
/// every permutation reuses it: with the row sums known, a permutation costs one pass over the rows of
/// its reference half (SIMD dot products with the membership vector). The observed statistic is
/// computed again in double precision for the report; permuted statistics are compared with the
/// observed one computed from the same float matrix. The median heuristic uses at most 1000 pooled rows (seeded) for the median. Thread-safe.
/// </remarks>
public static class MaximumMeanDiscrepancy
{
    private const int MedianRows = 1000;

    /// <summary>Runs the permutation test.</summary>
    /// <param name="reference">The reference rows.</param>
    /// <param name="current">The current rows, of the same dimensions.</param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <returns>MMD², the p-value and the bandwidth.</returns>
    /// <exception cref="ValidationException">The dimensions differ, a sample has fewer than 2 rows, or an option is invalid.</exception>
    public static MmdResult Test(MultivariateSample reference, MultivariateSample current, MmdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new MmdOptions();
        options.Validate();
        if (reference.Dimensions != current.Dimensions)
        {
            throw new ValidationException($"MMD needs rows of one width; the reference has {reference.Dimensions} columns and the current {current.Dimensions}.");
        }

        SampleInput.RequireSize(reference.Count, 2, "mmd", "reference");
        SampleInput.RequireSize(current.Count, 2, "mmd", "current");
        int[] xRows = Subsample(reference.Count, options.MaxRowsPerSample, options.Seed);
        int[] yRows = Subsample(current.Count, options.MaxRowsPerSample, options.Seed + 1);
        int m = xRows.Length, n = yRows.Length, total = m + n, d = reference.Dimensions;
        var pooled = new double[total * d];
        for (int i = 0; i < m; i++)
        {
            reference.Row(xRows[i]).CopyTo(pooled.AsSpan(i * d, d));
        }

        for (int i = 0; i < n; i++)
        {
            current.Row(yRows[i]).CopyTo(pooled.AsSpan((m + i) * d, d));
        }

        double sigma = options.Bandwidth ?? MedianDistance(pooled, total, d, options.Seed);
        if (sigma == 0)
        {
            // Every row is the same point: the two samples cannot differ.
            return new MmdResult(0, 1, 0, options.Permutations, m, n);
        }

        var (kernel, observed) = KernelMatrix(pooled, m, n, d, sigma, options.MaxDegreeOfParallelism);
        var rowSums = new double[total];
        double grand = 0;
        for (int i = 0; i < total; i++)
        {
            rowSums[i] = TensorPrimitives.Sum(kernel.AsSpan(i * total, total));
            grand += rowSums[i];
        }

        bool[] observedMembership = [.. Enumerable.Range(0, total).Select(i => i < m)];
        double observedFloat = Statistic(kernel, rowSums, grand, observedMembership, m, n);
        int exceed = 0;
        Parallel.For(
            0,
            options.Permutations,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism },
            () => (Indices: new int[total], Membership: new bool[total], Count: 0),
            (b, _, state) =>
            {
                var random = new Random(unchecked((options.Seed * 7919) + b));
                for (int i = 0; i < total; i++)
                {
                    state.Indices[i] = i;
                }

                random.Shuffle(state.Indices);
                Array.Clear(state.Membership);
                for (int i = 0; i < m; i++)
                {
                    state.Membership[state.Indices[i]] = true;
                }

                if (Statistic(kernel, rowSums, grand, state.Membership, m, n) >= observedFloat)
                {
                    state.Count++;
                }

                return state;
            },
            state => Interlocked.Add(ref exceed, state.Count));
        return new MmdResult(observed, (1.0 + exceed) / (1.0 + options.Permutations), sigma, options.Permutations, m, n);
    }

    private static double Statistic(float[] kernel, double[] rowSums, double grand, bool[] membership, int m, int n)
    {
        int total = m + n;
        var indicator = new float[total];
        for (int i = 0; i < total; i++)
        {
            indicator[i] = membership[i] ? 1f : 0f;
        }

        double sxx = 0, rowsX = 0;
        for (int i = 0; i < total; i++)
        {
            if (!membership[i])
            {
                continue;
            }

            ReadOnlySpan<float> row = kernel.AsSpan(i * total, total);
            sxx += TensorPrimitives.Dot(row, indicator);
            rowsX += rowSums[i];
        }

        double sxy = rowsX - sxx;
        double syy = grand - sxx - (2 * sxy);
        return ((sxx - m) / ((double)m * (m - 1))) + ((syy - n) / ((double)n * (n - 1))) - (2 * sxy / ((double)m * n));
    }

    /// <summary>
    /// The pooled kernel matrix as float, full rows (no mirroring pass), plus the exact double sums of
    /// the within-reference, within-current and cross kernel values for the observed statistic.
    /// </summary>
    private static (float[] Kernel, double Observed) KernelMatrix(double[] pooled, int m, int n, int d, double sigma, int parallelism)
    {
        int total = m + n;
        var kernel = new float[(long)total * total];
        var norms = new double[total];
        for (int i = 0; i < total; i++)
        {
            norms[i] = TensorPrimitives.Dot(pooled.AsSpan(i * d, d), pooled.AsSpan(i * d, d));
        }

        double scale = -1.0 / (2 * sigma * sigma);
        var sums = new double[total * 2];
        ParallelWork.For(total, parallelism, i =>
        {
            var row = new double[total];
            ReadOnlySpan<double> a = pooled.AsSpan(i * d, d);
            for (int j = 0; j < total; j++)
            {
                ReadOnlySpan<double> b = pooled.AsSpan(j * d, d);
                double dot = 0;
                for (int k = 0; k < a.Length; k++)
                {
                    dot += a[k] * b[k];
                }

                row[j] = Math.Max(0, norms[i] + norms[j] - (2 * dot)) * scale;
            }

            row[i] = 0;
            TensorPrimitives.Exp(row, row);
            double x = TensorPrimitives.Sum(row.AsSpan(0, m));
            double y = TensorPrimitives.Sum(row.AsSpan(m));

            // Same-sample sums exclude the diagonal (k(a, a) = 1).
            sums[i * 2] = i < m ? x - 1 : y - 1;
            sums[(i * 2) + 1] = i < m ? y : x;
            Span<float> target = kernel.AsSpan(i * total, total);
            for (int j = 0; j < total; j++)
            {
                target[j] = (float)row[j];
            }
        });
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < total; i++)
        {
            if (i < m)
            {
                sxx += sums[i * 2];
                sxy += sums[(i * 2) + 1];
            }
            else
            {
                syy += sums[i * 2];
            }
        }

        double observed = (sxx / ((double)m * (m - 1))) + (syy / ((double)n * (n - 1))) - (2 * sxy / ((double)m * n));
        return (kernel, observed);
    }

    private static double MedianDistance(double[] pooled, int total, int d, int seed)
    {
        int[] rows = Subsample(total, MedianRows, seed + 2);
        var distances = new double[rows.Length * (rows.Length - 1) / 2];
        int k = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = i + 1; j < rows.Length; j++)
            {
                distances[k++] = TensorPrimitives.Distance(pooled.AsSpan(rows[i] * d, d), pooled.AsSpan(rows[j] * d, d));
            }
        }

        Array.Sort(distances);
        int half = distances.Length / 2;
        return distances.Length % 2 == 1 ? distances[half] : (distances[half - 1] + distances[half]) / 2;
    }

    private static int[] Subsample(int count, int max, int seed)
    {
        int[] all = [.. Enumerable.Range(0, count)];
        if (count <= max)
        {
            return all;
        }

        new Random(seed).Shuffle(all);
        int[] chosen = all[..max];
        Array.Sort(chosen);
        return chosen;
    }
}
