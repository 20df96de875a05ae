namespace MLOps.Drift;

/// <summary>
/// A drift test: compares a current sample with a reference sample and decides whether the column
/// drifted. Implementations are immutable and thread-safe; one instance can test any number of columns.
/// </summary>
public abstract class DriftTest
{
    /// <summary>Initialises the threshold.</summary>
    /// <param name="threshold">Alpha for hypothesis tests (in (0, 1)), the distance threshold otherwise (≥ 0).</param>
    /// <exception cref="ValidationException">The threshold is out of range.</exception>
    private protected DriftTest(double threshold)
    {
        Threshold = threshold;
    }

    /// <summary>The test's name, as the CLI and reports spell it (<c>ks</c>, <c>psi</c>, …).</summary>
    public abstract string Name { get; }

    /// <summary>Whether the test is a hypothesis test or a distance.</summary>
    public abstract DriftTestKind Kind { get; }

    /// <summary>The kind of column the test reads. Numeric columns can be given to categorical tests (each value is a category); not the reverse.</summary>
    public abstract DriftColumnKind InputKind { get; }

    /// <summary>Alpha for hypothesis tests, the distance threshold otherwise.</summary>
    public double Threshold { get; }

    /// <summary>Whether the test reads categorical samples as they are as well as numeric ones (the binned distances).</summary>
    public virtual bool AcceptsBothKinds => false;

    /// <summary>The fewest values each sample must have.</summary>
    public virtual int MinimumSampleSize => 1;

    /// <summary>Tests a current sample against a reference sample.</summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="ValidationException">
    /// A sample has fewer values than <see cref="MinimumSampleSize"/>, or a categorical sample was given
    /// to a numeric test; the message names the test, the window and the counts.
    /// </exception>
    public DriftTestResult Evaluate(ColumnSample reference, ColumnSample current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        reference = Adapt(reference, "reference");
        current = Adapt(current, "current");
        if (reference.Kind != current.Kind)
        {
            throw new ValidationException($"Test '{Name}' was given a {reference.Kind} reference sample and a {current.Kind} current sample; both must be of one kind.");
        }

        CheckSize(reference, "reference");
        CheckSize(current, "current");
        DriftTestResult result = EvaluateCore(reference, current);
        string? dropped = DescribeDropped(reference, current);
        return dropped is null ? result : result with { Notes = result.Notes is null ? dropped : result.Notes + "; " + dropped };
    }

    /// <summary>Runs the test on samples of <see cref="InputKind"/> with enough values.</summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    /// <returns>The verdict.</returns>
    protected abstract DriftTestResult EvaluateCore(ColumnSample reference, ColumnSample current);

    /// <summary>Validates a value given as a threshold or option.</summary>
    /// <param name="condition">Whether it is valid.</param>
    /// <param name="message">What is wrong, naming the option.</param>
    /// <exception cref="ValidationException">When <paramref name="condition"/> is false.</exception>
    private protected static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ValidationException(message);
        }
    }

    private static string? DescribeDropped(ColumnSample reference, ColumnSample current)
    {
        if (reference.Missing.Total == 0 && current.Missing.Total == 0)
        {
            return null;
        }

        return $"dropped reference {Describe(reference.Missing)}, current {Describe(current.Missing)}";

        static string Describe(MissingValueCounts m) =>
            $"{m.Total} (null {m.Nulls}, NaN {m.NaN}, +inf {m.PositiveInfinity}, -inf {m.NegativeInfinity})";
    }

    private ColumnSample Adapt(ColumnSample sample, string window)
    {
        if (sample.Kind == InputKind || AcceptsBothKinds)
        {
            return sample;
        }

        if (sample is NumericSample numeric && InputKind == DriftColumnKind.Categorical)
        {
            return CategoricalSample.FromNumeric(numeric);
        }

        throw new ValidationException($"Test '{Name}' needs a numeric {window} sample but was given categories; use a categorical test (chi_square, g_test, jensen_shannon, psi, tvd, …).");
    }

    private void CheckSize(ColumnSample sample, string window)
    {
        if (sample.Count < MinimumSampleSize)
        {
            string dropped = sample.Missing.Total > 0 ? $" after dropping {sample.Missing.Total} null, NaN or infinite values" : string.Empty;
            throw new ValidationException(
                $"Test '{Name}' needs at least {MinimumSampleSize} value(s) in the {window} window; it has {sample.Count}{dropped}.");
        }
    }
}
