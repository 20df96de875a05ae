namespace MLOps.Drift;

/// <summary>One column's values in the form the drift tests read: a <see cref="NumericSample"/> or a <see cref="CategoricalSample"/>.</summary>
/// <remarks>Immutable and thread-safe once created.</remarks>
public abstract class ColumnSample
{
    /// <summary>Initialises the shared part.</summary>
    /// <param name="missing">What was dropped before the values were kept.</param>
    private protected ColumnSample(MissingValueCounts missing)
    {
        Missing = missing;
    }

    /// <summary>Whether the sample is numeric or categorical.</summary>
    public abstract DriftColumnKind Kind { get; }

    /// <summary>The number of values kept (finite numbers, or category occurrences).</summary>
    public abstract long Count { get; }

    /// <summary>What was dropped: nulls, NaN and infinities.</summary>
    public MissingValueCounts Missing { get; }
}
