namespace MLOps.Drift;

/// <summary>
/// How <see cref="DriftAnalyzer"/> compares two datasets: which columns, which test per column, the
/// multiple-testing correction, and when the dataset as a whole counts as drifted.
/// </summary>
/// <remarks>
/// <para>
/// The default test per column follows Evidently's rule. Numeric columns (Int32, Int64, Float32,
/// Float64) with more than <see cref="CategoricalDistinctLimit"/> distinct reference values: <c>ks</c>
/// when the reference has at most <see cref="SmallSampleLimit"/> values, else <c>wasserstein</c>
/// (normalised, threshold 0.1). Categorical columns (String, Boolean, and numeric columns with few
/// distinct values): <c>z_test</c> for at most two categories and <c>chi_square</c> otherwise when the
/// reference is small, else <c>jensen_shannon</c> (threshold 0.1). Timestamp columns are skipped unless
/// named in <see cref="Columns"/> (then numeric, in microseconds).
/// </para>
/// <para>Not thread-safe to change; validated by <see cref="Validate"/> when an analyzer is created.</para>
/// </remarks>
public sealed class DriftOptions
{
    /// <summary>The columns to test.</summary>
    /// <value>The default value is null: every column of the reference that the current data also has (timestamps excepted).</value>
    public IList<string>? Columns { get; set; }

    /// <summary>Per-column test overrides, by column name.</summary>
    /// <value>The default value is empty: each column gets its default test.</value>
    public IDictionary<string, DriftTest> Tests { get; set; } = new Dictionary<string, DriftTest>(StringComparer.Ordinal);

    /// <summary>The multiple-testing correction applied to the hypothesis tests' p-values.</summary>
    /// <value>The default value is <see cref="MultipleTestingCorrection.None"/>.</value>
    public MultipleTestingCorrection Correction { get; set; } = MultipleTestingCorrection.None;

    /// <summary>The share of drifted columns at and above which the dataset drifted.</summary>
    /// <value>The default value is 0.5. It must be in (0, 1].</value>
    public double DatasetDriftShare { get; set; } = 0.5;

    /// <summary>What the tests do with nulls, NaN and infinities.</summary>
    /// <value>The default value is <see cref="MissingValuePolicy.Drop"/>.</value>
    public MissingValuePolicy MissingValues { get; set; } = MissingValuePolicy.Drop;

    /// <summary>The reference size up to which the default tests are hypothesis tests (above it, distances).</summary>
    /// <value>The default value is 1000, Evidently's cut-off.</value>
    public int SmallSampleLimit { get; set; } = 1000;

    /// <summary>Numeric columns with at most this many distinct reference values are tested as categorical.</summary>
    /// <value>The default value is 5.</value>
    public int CategoricalDistinctLimit { get; set; } = 5;

    /// <summary>The number of bins of the numeric histograms drawn in the HTML report.</summary>
    /// <value>The default value is 30. It must be between 2 and 500.</value>
    public int PlotBins { get; set; } = 30;

    /// <summary>The most columns tested at once.</summary>
    /// <value>The default value is <see cref="Environment.ProcessorCount"/>. It must be at least 1.</value>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(DatasetDriftShare > 0 && DatasetDriftShare <= 1))
        {
            throw new ValidationException($"DriftOptions.DatasetDriftShare must be in (0, 1]; it is {DatasetDriftShare}.");
        }

        if (SmallSampleLimit < 1)
        {
            throw new ValidationException($"DriftOptions.SmallSampleLimit must be at least 1; it is {SmallSampleLimit}.");
        }

        if (CategoricalDistinctLimit < 0)
        {
            throw new ValidationException($"DriftOptions.CategoricalDistinctLimit must not be negative; it is {CategoricalDistinctLimit}.");
        }

        if (PlotBins is < 2 or > 500)
        {
            throw new ValidationException($"DriftOptions.PlotBins must be between 2 and 500; it is {PlotBins}.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ValidationException($"DriftOptions.MaxDegreeOfParallelism must be at least 1; it is {MaxDegreeOfParallelism}.");
        }

        if (Tests is null)
        {
            throw new ValidationException("DriftOptions.Tests must not be null.");
        }

        foreach (var (column, test) in Tests)
        {
            if (test is null)
            {
                throw new ValidationException($"DriftOptions.Tests['{column}'] is null.");
            }
        }
    }
}
