using MLOps.Data;

namespace MLOps.Drift;

/// <summary>One column of a <see cref="ReferenceProfile"/>: its name, its type in the data, how it is tested, and its reference sample.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The column's data type in the reference data.</param>
/// <param name="Kind">How the column is tested.</param>
/// <param name="Sample">The reference sample: a <see cref="NumericSample"/> or a <see cref="CategoricalSample"/> as <paramref name="Kind"/> says.</param>
public sealed record ColumnProfile(string Name, DataType Type, DriftColumnKind Kind, ColumnSample Sample)
{
    /// <summary>Whether the sample comes from a sketch (<see cref="ReferenceProfileBuilder"/> past its exact limits) rather than every value.</summary>
    public bool Approximate { get; init; }

    /// <summary>Reads the same column of other data (a current window) the way this profile read the reference.</summary>
    /// <param name="column">The column of the current data.</param>
    /// <param name="policy">What to do with nulls, NaN and infinities.</param>
    /// <returns>A sample of the profile's kind.</returns>
    /// <exception cref="ValidationException">The column is numeric in the reference but text in the current data.</exception>
    public ColumnSample ReadCurrent(Column column, MissingValuePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(column);
        return ColumnSamples.Read(column, Kind, policy, Name, "current");
    }
}
