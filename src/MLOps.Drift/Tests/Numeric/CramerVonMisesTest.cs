using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The two-sample Cramér–von Mises test (CLI name <c>cramer_von_mises</c>), as
/// <c>scipy.stats.cramervonmises_2samp</c>: T from average ranks (Anderson 1962); the p-value is exact
/// when both samples have at most 20 values and asymptotic otherwise (scipy's <c>method='auto'</c>).
/// </summary>
/// <remarks>
/// The exact p-value counts, over every interleaving of the two samples (a lattice path), the
/// statistic Σ (a·i − b·j)² with a = lcm/m, b = lcm/n (Csörgő &amp; Faraway 1996; Anderson 1962). The
/// asymptotic one standardises T by its exact mean and variance and uses the limiting distribution.
/// Effect size: the KS distance D (default minimum 0.05). Needs 2 values per sample, as scipy.
/// </remarks>
public sealed class CramerVonMisesTest : PValueDriftTest
{
    /// <summary>The test's name: <c>cramer_von_mises</c>.</summary>
    public const string TestName = "cramer_von_mises";

    /// <summary>The largest sample size for which <see cref="PValueMethod.Auto"/> computes the exact p-value.</summary>
    public const int MaxExactSize = 20;

    /// <summary>Creates the test.</summary>
    /// <param name="alpha">The significance level. The default is 0.05.</param>
    /// <param name="minEffectSize">The smallest KS distance that counts as drift. The default is 0.05.</param>
    /// <param name="method">How to compute the p-value. The default is scipy's auto rule.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public CramerVonMisesTest(double alpha = 0.05, double minEffectSize = 0.05, PValueMethod method = PValueMethod.Auto)
        : base(alpha, minEffectSize)
    {
        Require(method is PValueMethod.Auto or PValueMethod.Exact or PValueMethod.Asymptotic, $"The Cramér-von Mises test's method must be auto, exact or asymptotic; it is {method}.");
        Method = method;
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Numeric;

    /// <inheritdoc />
    public override int MinimumSampleSize => 2;

    /// <summary>How the p-value is computed.</summary>
    public PValueMethod Method { get; }

    /// <summary>Runs the test on two samples of finite values (copied and sorted).</summary>
    /// <param name="reference">scipy's <c>x</c>.</param>
    /// <param name="current">scipy's <c>y</c>.</param>
    /// <param name="method">How to compute the p-value.</param>
    /// <returns>T and its p-value.</returns>
    /// <exception cref="ValidationException">A sample has fewer than 2 values or holds a non-finite value.</exception>
    public static StatisticalTestResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, PValueMethod method = PValueMethod.Auto)
    {
        var (sortedReference, sortedCurrent) = SampleInput.SortedFinitePair(reference, current, TestName);
        return ComputeSorted(sortedReference, sortedCurrent, method);
    }

    /// <summary>Runs the test on two sorted samples (finite, not checked).</summary>
    /// <param name="reference">scipy's <c>x</c>, sorted.</param>
    /// <param name="current">scipy's <c>y</c>, sorted.</param>
    /// <param name="method">How to compute the p-value.</param>
    /// <returns>T and its p-value.</returns>
    /// <exception cref="ValidationException">A sample has fewer than 2 values.</exception>
    public static StatisticalTestResult ComputeSorted(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, PValueMethod method = PValueMethod.Auto)
    {
        SampleInput.RequireSize(reference.Length, 2, TestName, "reference");
        SampleInput.RequireSize(current.Length, 2, TestName, "current");
        int nx = reference.Length, ny = current.Length;
        var sx = default(CompensatedSum);
        var sy = default(CompensatedSum);
        var groups = new PooledRanks(reference, current);
        while (groups.MoveNext())
        {
            double rank = groups.AverageRank;
            for (int i = 1; i <= groups.XCount; i++)
            {
                double d = rank - (groups.XBefore + i);
                sx.Add(d * d);
            }

            for (int j = 1; j <= groups.YCount; j++)
            {
                double d = rank - (groups.YBefore + j);
                sy.Add(d * d);
            }
        }

        double u = (nx * sx.Value) + (ny * sy.Value);
        double k = (double)nx * ny;
        double total = nx + ny;
        double t = (u / (k * total)) - (((4 * k) - 1) / (6 * total));
        if (method == PValueMethod.Auto)
        {
            method = Math.Max(nx, ny) > MaxExactSize ? PValueMethod.Asymptotic : PValueMethod.Exact;
        }

        if (method == PValueMethod.Exact)
        {
            return new StatisticalTestResult(t, ExactPValue(u, nx, ny), PValueMethod.Exact);
        }

        double et = (1 + (1 / total)) / 6;
        double vt = (total + 1) * ((4 * k * total) - (3 * (((double)nx * nx) + ((double)ny * ny))) - (2 * k));
        vt /= 45 * total * total * 4 * k;
        double tn = (1.0 / 6) + ((t - et) / Math.Sqrt(45 * vt));
        double p = tn < 0.003 ? 1.0 : Math.Max(0, 1.0 - CramerVonMisesDistribution.LimitingCdf(tn));
        return new StatisticalTestResult(t, p, PValueMethod.Asymptotic);
    }

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var r = (NumericSample)reference;
        var c = (NumericSample)current;
        StatisticalTestResult result = ComputeSorted(r.Sorted, c.Sorted, Method);
        var (plus, minus) = KolmogorovSmirnovTest.Statistics(r.Sorted, c.Sorted);
        return Verdict(result, Math.Max(plus, minus));
    }

    private static double ExactPValue(double u, int m, int n)
    {
        int g = LatticePathProbability.Gcd(m, n);
        long lcm = (long)m / g * n;
        long a = lcm / m, b = lcm / n;
        double mn = (double)m * n;
        double zeta = Math.Floor((double)lcm * lcm * (m + n) * ((6 * u) - (mn * ((4 * mn) - 1))) / (6 * mn * mn));

        // Per lattice point, the distribution of the partial sums: value → number of paths.
        var row = new Dictionary<long, double>[m + 1];
        for (int j = 0; j <= n; j++)
        {
            var next = new Dictionary<long, double>[m + 1];
            for (int i = 0; i <= m; i++)
            {
                var cell = new Dictionary<long, double>();
                if (i == 0 && j == 0)
                {
                    cell[0] = 1;
                }

                if (j > 0)
                {
                    Merge(cell, row[i]);
                }

                if (i > 0)
                {
                    Merge(cell, next[i - 1]);
                }

                long d = (a * i) - (b * j);
                long add = d * d;
                var shifted = new Dictionary<long, double>(cell.Count);
                foreach (var (value, count) in cell)
                {
                    shifted[value + add] = count;
                }

                next[i] = shifted;
            }

            row = next;
        }

        double hits = 0, all = 0;
        foreach (var (value, count) in row[m])
        {
            all += count;
            if (value >= zeta)
            {
                hits += count;
            }
        }

        return hits / all;
    }

    private static void Merge(Dictionary<long, double> into, Dictionary<long, double> from)
    {
        foreach (var (value, count) in from)
        {
            into[value] = into.GetValueOrDefault(value) + count;
        }
    }
}
