using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test (CLI name <c>ks</c>): D = sup |F_ref − F_cur|, as
/// <c>scipy.stats.ks_2samp</c>. The p-value is exact (lattice path counts) when both samples have at
/// most 10,000 values and asymptotic otherwise, like scipy's <c>method='auto'</c>; the asymptotic
/// two-sided p-value is the one-sample Kolmogorov distribution at n = round(m·n/(m + n)), as in scipy,
/// except that where that n rounds to 0 (one value on each side; scipy answers NaN) the exact p-value is used.
/// </summary>
/// <remarks>
/// Effect size for the drift decision: D itself (default minimum 0.05), so that at very large n a
/// difference too small to matter does not count as drift however small its p-value.
/// Thread-safe. Sorting dominates the cost: O((m + n)) after a radix sort.
/// </remarks>
public sealed class KolmogorovSmirnovTest : PValueDriftTest
{
    /// <summary>The test's name: <c>ks</c>.</summary>
    public const string TestName = "ks";

    /// <summary>The largest sample size for which <see cref="PValueMethod.Auto"/> computes the exact p-value (scipy's MAX_AUTO_N).</summary>
    public const int MaxExactSize = 10_000;

    /// <summary>Creates the test.</summary>
    /// <param name="alpha">The significance level. The default is 0.05.</param>
    /// <param name="minEffectSize">The smallest D that counts as drift. The default is 0.05.</param>
    /// <param name="alternative">The alternative hypothesis. The default is two-sided.</param>
    /// <param name="method">How to compute the p-value. The default is scipy's auto rule.</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    public KolmogorovSmirnovTest(double alpha = 0.05, double minEffectSize = 0.05, Alternative alternative = Alternative.TwoSided, PValueMethod method = PValueMethod.Auto)
        : base(alpha, minEffectSize)
    {
        Require(method is PValueMethod.Auto or PValueMethod.Exact or PValueMethod.Asymptotic, $"The KS test's method must be auto, exact or asymptotic; it is {method}.");
        Alternative = alternative;
        Method = method;
    }

    /// <inheritdoc />
    public override string Name => TestName;

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Numeric;

    /// <summary>The alternative hypothesis.</summary>
    public Alternative Alternative { get; }

    /// <summary>How the p-value is computed.</summary>
    public PValueMethod Method { get; }

    /// <summary>Runs the test on two samples of finite values (copied and sorted).</summary>
    /// <param name="reference">The first sample (scipy's <c>data1</c>).</param>
    /// <param name="current">The second sample (scipy's <c>data2</c>).</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="method">How to compute the p-value.</param>
    /// <returns>D (or D⁺/D⁻) and its p-value.</returns>
    /// <exception cref="ValidationException">A sample is empty or holds a non-finite value.</exception>
    public static StatisticalTestResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Alternative alternative = Alternative.TwoSided, PValueMethod method = PValueMethod.Auto)
    {
        var (sortedReference, sortedCurrent) = SampleInput.SortedFinitePair(reference, current, TestName);
        return ComputeSorted(sortedReference, sortedCurrent, alternative, method);
    }

    /// <summary>Runs the test on two samples already sorted ascending (finite, not checked).</summary>
    /// <param name="reference">The first sample, sorted.</param>
    /// <param name="current">The second sample, sorted.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="method">How to compute the p-value.</param>
    /// <returns>D (or D⁺/D⁻) and its p-value.</returns>
    /// <exception cref="ValidationException">A sample is empty.</exception>
    public static StatisticalTestResult ComputeSorted(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Alternative alternative = Alternative.TwoSided, PValueMethod method = PValueMethod.Auto)
    {
        SampleInput.RequireSize(reference.Length, 1, TestName, "reference");
        SampleInput.RequireSize(current.Length, 1, TestName, "current");
        int n1 = reference.Length;
        int n2 = current.Length;
        var (plus, minus) = Statistics(reference, current);
        double d = alternative switch
        {
            Alternative.Greater => plus,
            Alternative.Less => minus,
            _ => Math.Max(plus, minus),
        };

        if (method == PValueMethod.Auto)
        {
            method = Math.Max(n1, n2) <= MaxExactSize ? PValueMethod.Exact : PValueMethod.Asymptotic;
        }

        // scipy's asymptotic p is NaN when m·n/(m + n) rounds to 0 (one value on each side); the exact p is defined.
        if (method == PValueMethod.Exact || (alternative == Alternative.TwoSided && Math.Round((double)n1 * n2 / (n1 + n2), MidpointRounding.ToEven) < 1))
        {
            int g = LatticePathProbability.Gcd(n1, n2);
            long lcm = (long)(n1 / g) * n2;
            long h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
            d = (double)h / lcm;
            if (h == 0)
            {
                return new StatisticalTestResult(d, 1.0, PValueMethod.Exact);
            }

            double p = alternative == Alternative.TwoSided
                ? LatticePathProbability.TwoSided(n1, n2, h)
                : LatticePathProbability.OneSided(n1, n2, h);
            return new StatisticalTestResult(d, p, PValueMethod.Exact);
        }

        return new StatisticalTestResult(d, AsymptoticPValue(d, n1, n2, alternative), PValueMethod.Asymptotic);
    }

    /// <summary>D⁺ = max(F_ref − F_cur) and D⁻ = max(F_cur − F_ref), clipped at 0, over the pooled values.</summary>
    /// <param name="reference">The first sample, sorted.</param>
    /// <param name="current">The second sample, sorted.</param>
    /// <returns>D⁺ and D⁻.</returns>
    internal static (double Plus, double Minus) Statistics(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        int n1 = reference.Length, n2 = current.Length;
        int i = 0, j = 0;
        long best = 0, worst = 0;
        int bi = 0, bj = 0, wi = 0, wj = 0;
        while (i < n1 || j < n2)
        {
            double v = i < n1 && (j >= n2 || reference[i] <= current[j]) ? reference[i] : current[j];
            while (i < n1 && reference[i] == v)
            {
                i++;
            }

            while (j < n2 && current[j] == v)
            {
                j++;
            }

            long diff = ((long)i * n2) - ((long)j * n1);
            if (diff > best)
            {
                best = diff;
                bi = i;
                bj = j;
            }
            else if (diff < worst)
            {
                worst = diff;
                wi = i;
                wj = j;
            }
        }

        double plus = best > 0 ? ((double)bi / n1) - ((double)bj / n2) : 0;
        double minus = worst < 0 ? ((double)wj / n2) - ((double)wi / n1) : 0;
        return (Math.Clamp(plus, 0, 1), Math.Clamp(minus, 0, 1));
    }

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        var r = (NumericSample)reference;
        var c = (NumericSample)current;
        StatisticalTestResult result = ComputeSorted(r.Sorted, c.Sorted, Alternative, Method);
        return Verdict(result, result.Statistic);
    }

    private static double AsymptoticPValue(double d, int n1, int n2, Alternative alternative)
    {
        double m = Math.Max(n1, n2);
        double n = Math.Min(n1, n2);
        double en = m * n / (m + n);
        double p;
        if (alternative == Alternative.TwoSided)
        {
            p = KolmogorovDistribution.Sf((int)Math.Round(en, MidpointRounding.ToEven), d);
        }
        else
        {
            double z = Math.Sqrt(en) * d;
            double exponent = (-2 * z * z) - (2 * z * (m + (2 * n)) / Math.Sqrt(m * n * (m + n)) / 3.0);
            p = Math.Exp(exponent);
        }

        return Math.Clamp(p, 0, 1);
    }
}
