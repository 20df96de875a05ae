using MLOps.Drift.Numerics;
using MLOps.Data;

namespace MLOps.Drift;

/// <summary>
/// The reference side of every comparison, computed once: per column its sorted finite values (numeric)
/// or its category counts (categorical), with what was dropped. Windows are compared against it
/// without touching the reference data again; <see cref="ReferenceProfileStore"/> keeps it in the workspace.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ReferenceProfile
{
    private readonly Dictionary<string, ColumnProfile> _byName;

    /// <summary>Creates a profile from column profiles.</summary>
    /// <param name="columns">The columns, names unique.</param>
    /// <param name="rowCount">The reference's row count.</param>
    /// <exception cref="ValidationException">A name repeats.</exception>
    public ReferenceProfile(IEnumerable<ColumnProfile> columns, long rowCount)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        _byName = new Dictionary<string, ColumnProfile>(StringComparer.Ordinal);
        foreach (ColumnProfile column in Columns)
        {
            if (!_byName.TryAdd(column.Name, column))
            {
                throw new ValidationException($"Column '{column.Name}' appears twice in the reference profile.");
            }
        }

        RowCount = rowCount;
    }

    /// <summary>The columns, in the reference's order.</summary>
    public IReadOnlyList<ColumnProfile> Columns { get; }

    /// <summary>The number of reference rows.</summary>
    public long RowCount { get; }

    /// <summary>Profiles a reference batch: numeric columns with more than <see cref="DriftOptions.CategoricalDistinctLimit"/> distinct values are numeric, the rest categorical.</summary>
    /// <param name="reference">The reference data.</param>
    /// <param name="options">The options (missing values, distinct limit, parallelism); the defaults when null.</param>
    /// <param name="columns">The columns to profile; every column but timestamps when null.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="NotFoundException">A column asked for is not in the batch.</exception>
    public static ReferenceProfile Create(RecordBatch reference, DriftOptions? options = null, IEnumerable<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new DriftOptions();
        options.Validate();
        string[] names = columns is null
            ? [.. reference.Schema.Where(f => f.Type != DataType.Timestamp).Select(f => f.Name)]
            : [.. columns];
        var profiles = new ColumnProfile[names.Length];
        ParallelWork.For(names.Length, options.MaxDegreeOfParallelism, i => profiles[i] = Profile(names[i], reference.Column(names[i]), options));

        return new ReferenceProfile(profiles, reference.RowCount);
    }

    /// <summary>The column with a name.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The column profile.</returns>
    /// <exception cref="NotFoundException">No column has that name.</exception>
    public ColumnProfile this[string name] => TryGet(name, out var column)
        ? column
        : throw new NotFoundException($"Column '{name}' is not in the reference profile; it has {string.Join(", ", Columns.Select(c => c.Name))}.");

    /// <summary>Looks a column up.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="column">The column profile, when found.</param>
    /// <returns>Whether the column is in the profile.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ColumnProfile column) => _byName.TryGetValue(name, out column);

    private static ColumnProfile Profile(string name, Column column, DriftOptions options)
    {
        if (!ColumnSamples.IsNumericType(column.Type))
        {
            return new ColumnProfile(name, column.Type, DriftColumnKind.Categorical, CategoricalSample.FromColumn(column, options.MissingValues));
        }

        NumericSample numeric = NumericSample.FromColumn(column);
        if (numeric.DistinctCount > options.CategoricalDistinctLimit || column.Type == DataType.Timestamp)
        {
            return new ColumnProfile(name, column.Type, DriftColumnKind.Numeric, numeric);
        }

        return new ColumnProfile(name, column.Type, DriftColumnKind.Categorical, ColumnSamples.Read(column, DriftColumnKind.Categorical, options.MissingValues, name, "reference"));
    }
}
