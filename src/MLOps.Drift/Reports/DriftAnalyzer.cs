using MLOps.Drift.Numerics;
using MLOps.Data;

namespace MLOps.Drift;

/// <summary>
/// Compares current data with a reference, column by column, and builds a <see cref="DriftReport"/>:
/// the default or chosen test per column, the multiple-testing correction, and dataset drift.
/// </summary>
/// <remarks>Immutable and thread-safe; columns are tested in parallel (<see cref="DriftOptions.MaxDegreeOfParallelism"/>).</remarks>
/// <example>
/// <code>
/// var analyzer = new DriftAnalyzer(new DriftOptions { Correction = MultipleTestingCorrection.BenjaminiHochberg });
/// DriftReport report = analyzer.Compare(reference, current);
/// await report.WriteHtmlAsync("drift.html");
/// </code>
/// </example>
public sealed class DriftAnalyzer
{
    private readonly DriftOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an analyzer.</summary>
    /// <param name="options">The options; the defaults when null. Validated now.</param>
    /// <param name="timeProvider">The clock that stamps reports; the system clock when null.</param>
    /// <exception cref="ValidationException">An option is invalid.</exception>
    public DriftAnalyzer(DriftOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new DriftOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The options.</summary>
    public DriftOptions Options => _options;

    /// <summary>Chooses the default test for a column (see <see cref="DriftOptions"/>).</summary>
    /// <param name="column">The column's reference profile.</param>
    /// <param name="current">The current sample, whose unseen categories count too: a binary reference with a third category in the current window gets chi_square, not z_test.</param>
    /// <param name="options">The options.</param>
    /// <returns>The test.</returns>
    public static DriftTest DefaultTest(ColumnProfile column, ColumnSample current, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        bool small = column.Sample.Count <= options.SmallSampleLimit;
        if (column.Kind == DriftColumnKind.Numeric)
        {
            return small ? new KolmogorovSmirnovTest() : new WassersteinDistance();
        }

        if (!small)
        {
            return new JensenShannonDistance();
        }

        int categories = current is CategoricalSample c ? CategoricalSample.Align((CategoricalSample)column.Sample, c).Categories.Length : int.MaxValue;
        return categories <= 2 ? new TwoProportionZTest() : new ChiSquareTest();
    }

    /// <summary>Compares two batches.</summary>
    /// <param name="reference">The reference data.</param>
    /// <param name="current">The current data.</param>
    /// <returns>The report.</returns>
    /// <exception cref="NotFoundException">A column asked for is missing from either batch.</exception>
    /// <exception cref="ValidationException">A column cannot be tested (an empty window, a wrong type, a test that does not fit); the message names the column.</exception>
    public DriftReport Compare(RecordBatch reference, RecordBatch current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        IEnumerable<string>? columns = _options.Columns;
        if (columns is null)
        {
            columns = reference.Schema.Where(f => f.Type != DataType.Timestamp && current.Schema.IndexOf(f.Name) >= 0).Select(f => f.Name);
        }
        else
        {
            foreach (string name in columns)
            {
                RequireColumn(reference, name, "reference");
            }
        }

        return Compare(ReferenceProfile.Create(reference, _options, columns), current);
    }

    /// <summary>Compares a batch with a stored reference profile.</summary>
    /// <param name="reference">The reference profile.</param>
    /// <param name="current">The current data.</param>
    /// <returns>The report.</returns>
    /// <exception cref="NotFoundException">A column asked for is missing from the profile or the batch.</exception>
    /// <exception cref="ValidationException">A column cannot be tested; the message names the column.</exception>
    public DriftReport Compare(ReferenceProfile reference, RecordBatch current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ColumnProfile[] profiles = _options.Columns is { } names
            ? [.. names.Select(n => reference[n])]
            : [.. reference.Columns.Where(c => current.Schema.IndexOf(c.Name) >= 0)];
        foreach (ColumnProfile profile in profiles)
        {
            RequireColumn(current, profile.Name, "current");
        }

        foreach (string name in _options.Tests.Keys)
        {
            if (!profiles.Any(p => string.Equals(p.Name, name, StringComparison.Ordinal)))
            {
                throw new NotFoundException($"A test was chosen for column '{name}', which is not among the columns tested ({string.Join(", ", profiles.Select(p => p.Name))}).");
            }
        }

        var results = new ColumnDriftResult[profiles.Length];
        ParallelWork.For(profiles.Length, _options.MaxDegreeOfParallelism, i => results[i] = TestColumn(profiles[i], current.Column(profiles[i].Name)));

        return new DriftReport(Correct(results), _options.DatasetDriftShare, _options.Correction, _timeProvider.GetUtcNow(), reference.RowCount, current.RowCount);
    }

    private static void RequireColumn(RecordBatch batch, string name, string window)
    {
        if (batch.Schema.IndexOf(name) < 0)
        {
            throw new NotFoundException($"Column '{name}' is not in the {window} data; it has {string.Join(", ", batch.Schema.Select(f => f.Name))}.");
        }
    }

    private ColumnDriftResult TestColumn(ColumnProfile profile, Column column)
    {
        try
        {
            ColumnSample current = profile.ReadCurrent(column, _options.MissingValues);
            DriftTest test = _options.Tests.TryGetValue(profile.Name, out var chosen) ? chosen : DefaultTest(profile, current, _options);
            DriftTestResult result = test.Evaluate(profile.Sample, current);
            if (_options.MissingValues == MissingValuePolicy.Category && profile.Kind == DriftColumnKind.Numeric)
            {
                result = WithMissingness(result, profile.Sample, current);
            }

            return new ColumnDriftResult
            {
                Column = profile.Name,
                Kind = profile.Kind,
                Test = result.Test,
                Statistic = result.Statistic,
                PValue = result.PValue,
                AdjustedPValue = result.PValue,
                Threshold = result.Threshold,
                Drifted = result.Drifted,
                EffectSize = result.EffectSize,
                MinEffectSize = result.MinEffectSize,
                Method = result.Method,
                Notes = result.Notes,
                ReferenceCount = profile.Sample.Count,
                CurrentCount = current.Count,
                ReferenceMissing = profile.Sample.Missing,
                CurrentMissing = current.Missing,
                Histogram = Histogram(profile.Sample, current),
            };
        }
        catch (ValidationException ex)
        {
            throw new ValidationException($"Column '{profile.Name}': {ex.Message}", ex);
        }
    }

    private static DriftTestResult WithMissingness(DriftTestResult result, ColumnSample reference, ColumnSample current)
    {
        long[] a = Counts(reference), b = Counts(current);
        StatisticalTestResult missing = ChiSquareTest.Compute(a, b);
        bool drifted = PValueDriftTest.Decide(missing.PValue, 0.05, Math.Sqrt(missing.Statistic / (a.Sum() + b.Sum())), 0.05);
        string note = FormattableString.Invariant($"missingness chi-square {missing.Statistic:G4}, p {missing.PValue:G4}{(drifted ? " (drifted)" : string.Empty)}");
        return result with { Drifted = result.Drifted || drifted, Notes = result.Notes is null ? note : result.Notes + "; " + note };

        static long[] Counts(ColumnSample s) => [s.Count, s.Missing.Nulls, s.Missing.NaN, s.Missing.PositiveInfinity, s.Missing.NegativeInfinity];
    }

    private ColumnHistogram? Histogram(ColumnSample reference, ColumnSample current) => (reference, current) switch
    {
        (NumericSample r, NumericSample c) => ColumnHistogram.Numeric(r, c, _options.PlotBins),
        (CategoricalSample r, CategoricalSample c) => ColumnHistogram.Categorical(r, c),
        _ => null,
    };

    private IEnumerable<ColumnDriftResult> Correct(ColumnDriftResult[] results)
    {
        if (_options.Correction == MultipleTestingCorrection.None)
        {
            return results;
        }

        int[] tested = [.. Enumerable.Range(0, results.Length).Where(i => results[i].PValue is not null)];
        double[] adjusted = PValueAdjustment.Adjust([.. tested.Select(i => results[i].PValue!.Value)], _options.Correction);
        for (int k = 0; k < tested.Length; k++)
        {
            ColumnDriftResult r = results[tested[k]];
            bool drifted = PValueDriftTest.Decide(adjusted[k], r.Threshold, r.EffectSize, r.MinEffectSize ?? 0);
            bool missingness = r.Notes?.Contains("(drifted)", StringComparison.Ordinal) == true;
            results[tested[k]] = r with { AdjustedPValue = adjusted[k], Drifted = drifted || missingness };
        }

        return results;
    }
}
