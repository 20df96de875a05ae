using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// A distance between frequency distributions: of categories for categorical columns, of bins fixed
/// on the reference (<see cref="BinningStrategy"/>) for numeric columns.
/// </summary>
public abstract class FrequencyDistanceTest : DistanceDriftTest
{
    /// <summary>Initialises the threshold and the binning.</summary>
    /// <param name="threshold">The distance at and above which the column drifted.</param>
    /// <param name="binning">How numeric columns are binned.</param>
    /// <param name="bins">The number of quantile bins (≥ 2).</param>
    /// <exception cref="ValidationException">An argument is out of range.</exception>
    private protected FrequencyDistanceTest(double threshold, BinningStrategy binning, int bins)
        : base(threshold)
    {
        Require(bins >= 2, $"The number of bins must be at least 2; it is {bins}.");
        Binning = binning;
        Bins = bins;
    }

    /// <inheritdoc />
    public override DriftColumnKind InputKind => DriftColumnKind.Numeric;

    /// <inheritdoc />
    public override bool AcceptsBothKinds => true;

    /// <summary>How numeric columns are binned.</summary>
    public BinningStrategy Binning { get; }

    /// <summary>The number of quantile bins.</summary>
    public int Bins { get; }

    /// <summary>The distance between two share vectors over the same bins.</summary>
    /// <param name="reference">The reference shares.</param>
    /// <param name="current">The current shares.</param>
    /// <returns>The distance.</returns>
    protected abstract double Distance(double[] reference, double[] current);

    /// <summary>The distance between two count vectors over the same bins or categories.</summary>
    /// <param name="reference">The reference counts.</param>
    /// <param name="current">The current counts.</param>
    /// <returns>The distance.</returns>
    public double Compute(IReadOnlyList<long> reference, IReadOnlyList<long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != current.Count)
        {
            throw new ValidationException($"Test '{Name}' needs counts over the same bins; the reference has {reference.Count} and the current {current.Count}.");
        }

        return Distance(FrequencyDistances.Shares(reference), FrequencyDistances.Shares(current));
    }

    /// <inheritdoc />
    protected override DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current)
    {
        if (reference is NumericSample r && current is NumericSample c)
        {
            HistogramBins bins = HistogramBins.FromReference(r, Binning, Bins);
            double distance = Compute(bins.CountSorted(r.Sorted), bins.CountSorted(c.Sorted));
            return Verdict(distance, $"{bins.Count} {Binning.ToString().ToLowerInvariant()} bins fixed on the reference");
        }

        var (categories, a, b) = CategoricalSample.Align((CategoricalSample)reference, (CategoricalSample)current);
        int unseen = 0;
        for (int i = 0; i < categories.Length; i++)
        {
            if (a[i] == 0)
            {
                unseen++;
            }
        }

        return Verdict(Compute(a, b), unseen > 0 ? $"{unseen} categories not in the reference" : null);
    }
}
