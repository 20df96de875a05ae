namespace MLOps.Drift;

/// <summary>What the HTML report draws for a column: bins or categories with the share of each sample in each.</summary>
/// <param name="Labels">The bin ranges or category names.</param>
/// <param name="ReferenceShares">The reference's share per bin.</param>
/// <param name="CurrentShares">The current sample's share per bin.</param>
/// <param name="Edges">For numeric columns, the bin edges (one more than the bins); null for categories.</param>
public sealed record ColumnHistogram(IReadOnlyList<string> Labels, IReadOnlyList<double> ReferenceShares, IReadOnlyList<double> CurrentShares, IReadOnlyList<double>? Edges)
{
    private const int MaxCategories = 20;

    /// <summary>Equal-width bins over the range of both samples.</summary>
    internal static ColumnHistogram Numeric(NumericSample reference, NumericSample current, int bins)
    {
        double lo = Math.Min(reference.Min, current.Min), hi = Math.Max(reference.Max, current.Max);
        if (double.IsNaN(lo) || double.IsNaN(hi))
        {
            lo = double.IsNaN(lo) ? 0 : lo;
            hi = double.IsNaN(hi) ? lo : hi;
        }

        if (hi == lo)
        {
            hi = lo + 1;
            lo -= 1;
        }

        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++)
        {
            edges[i] = lo + ((hi - lo) * i / bins);
        }

        var labels = new string[bins];
        for (int i = 0; i < bins; i++)
        {
            labels[i] = FormattableString.Invariant($"[{edges[i]:G4}, {edges[i + 1]:G4})");
        }

        return new ColumnHistogram(labels, Shares(reference.Sorted, edges), Shares(current.Sorted, edges), edges);
    }

    /// <summary>The most frequent categories (up to 20), the rest summed as "(other)".</summary>
    internal static ColumnHistogram Categorical(CategoricalSample reference, CategoricalSample current)
    {
        var (categories, a, b) = CategoricalSample.Align(reference, current);
        double ta = Math.Max(1, a.Sum()), tb = Math.Max(1, b.Sum());
        int[] order = [.. Enumerable.Range(0, categories.Length).OrderByDescending(i => (a[i] / ta) + (b[i] / tb)).ThenBy(i => categories[i], StringComparer.Ordinal)];
        var labels = new List<string>();
        var ra = new List<double>();
        var rb = new List<double>();
        double otherA = 0, otherB = 0;
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            if (k < MaxCategories)
            {
                labels.Add(categories[i]);
                ra.Add(a[i] / ta);
                rb.Add(b[i] / tb);
            }
            else
            {
                otherA += a[i] / ta;
                otherB += b[i] / tb;
            }
        }

        if (order.Length > MaxCategories)
        {
            labels.Add("(other)");
            ra.Add(otherA);
            rb.Add(otherB);
        }

        return new ColumnHistogram(labels, ra, rb, null);
    }

    private static double[] Shares(ReadOnlySpan<double> sorted, double[] edges)
    {
        int bins = edges.Length - 1;
        var shares = new double[bins];
        if (sorted.IsEmpty)
        {
            return shares;
        }

        double width = (edges[^1] - edges[0]) / bins;
        foreach (double v in sorted)
        {
            int bin = (int)((v - edges[0]) / width);
            shares[Math.Clamp(bin, 0, bins - 1)]++;
        }

        for (int i = 0; i < bins; i++)
        {
            shares[i] /= sorted.Length;
        }

        return shares;
    }
}
