namespace MLOps.Drift;

/// <summary>
/// Bins fixed on a reference sample: interior edges e₁ &lt; … &lt; e_{B−1}; bin 0 is (−∞, e₁], bin k is
/// (e_k, e_{k+1}], the last is (e_{B−1}, +∞). Current values outside the reference's range fall into the
/// end bins, so nothing is lost and no bin is empty by construction on the reference side.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class HistogramBins
{
    private readonly double[] _edges;

    /// <summary>Creates bins from interior edges.</summary>
    /// <param name="edges">The interior edges, strictly increasing and finite.</param>
    /// <exception cref="ValidationException">The edges are not finite and strictly increasing.</exception>
    public HistogramBins(IEnumerable<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        _edges = [.. edges];
        for (int i = 0; i < _edges.Length; i++)
        {
            if (!double.IsFinite(_edges[i]) || (i > 0 && _edges[i] <= _edges[i - 1]))
            {
                throw new ValidationException($"Bin edge {i} is {_edges[i]}; edges must be finite and strictly increasing.");
            }
        }
    }

    /// <summary>The interior edges.</summary>
    public IReadOnlyList<double> Edges => _edges;

    /// <summary>The number of bins (one more than the edges).</summary>
    public int Count => _edges.Length + 1;

    /// <summary>Fixes bins on a reference sample.</summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="strategy">How to cut.</param>
    /// <param name="bins">For <see cref="BinningStrategy.Quantile"/>, the number of bins (≥ 2); ignored by Doane.</param>
    /// <returns>The bins.</returns>
    /// <exception cref="ValidationException"><paramref name="bins"/> is below 2.</exception>
    public static HistogramBins FromReference(NumericSample reference, BinningStrategy strategy = BinningStrategy.Quantile, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return strategy == BinningStrategy.Doane ? Doane(reference) : Quantile(reference, bins);
    }

    /// <summary>Counts sorted values per bin.</summary>
    /// <param name="sorted">Finite values, ascending.</param>
    /// <returns>One count per bin.</returns>
    public long[] CountSorted(ReadOnlySpan<double> sorted)
    {
        var counts = new long[Count];
        long previous = 0;
        for (int k = 0; k < _edges.Length; k++)
        {
            long atOrBelow = UpperBound(sorted, _edges[k]);
            counts[k] = atOrBelow - previous;
            previous = atOrBelow;
        }

        counts[^1] = sorted.Length - previous;
        return counts;
    }

    private static HistogramBins Quantile(NumericSample reference, int bins)
    {
        if (bins < 2)
        {
            throw new ValidationException($"Quantile binning needs at least 2 bins; {bins} were asked for.");
        }

        ReadOnlySpan<double> x = reference.Sorted;
        var edges = new List<double>(bins - 1);
        if (x.Length == 0)
        {
            return new HistogramBins(edges);
        }

        for (int k = 1; k < bins; k++)
        {
            double h = (x.Length - 1) * ((double)k / bins);
            int lo = (int)Math.Floor(h);
            int hi = Math.Min(lo + 1, x.Length - 1);
            double t = h - lo;
            double a = x[lo], b = x[hi];

            // numpy's lerp: from the nearer end, so t = 1 gives b exactly.
            double edge = t >= 0.5 ? b - ((b - a) * (1 - t)) : a + ((b - a) * t);
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return new HistogramBins(edges);
    }

    private static HistogramBins Doane(NumericSample reference)
    {
        ReadOnlySpan<double> x = reference.Sorted;
        int n = x.Length;
        if (n <= 2 || reference.IsConstant)
        {
            return new HistogramBins([]);
        }

        double mean = reference.Mean;
        double sigma = reference.PopulationStandardDeviation;
        double g1 = 0;
        foreach (double v in x)
        {
            double z = (v - mean) / sigma;
            g1 += z * z * z;
        }

        g1 /= n;
        double sg1 = Math.Sqrt(6.0 * (n - 2) / ((n + 1.0) * (n + 3)));
        int k = (int)Math.Ceiling(1 + Math.Log2(n) + Math.Log2(1 + (Math.Abs(g1) / sg1)));
        double lo = x[0], hi = x[^1];
        var edges = new List<double>(k - 1);
        for (int i = 1; i < k; i++)
        {
            double edge = lo + ((hi - lo) * i / k);
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return new HistogramBins(edges);
    }

    private static long UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
