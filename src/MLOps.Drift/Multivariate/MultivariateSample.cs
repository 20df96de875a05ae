using MLOps.Data;

namespace MLOps.Drift;

/// <summary>
/// Rows of several numeric columns, row-major: the input of the multivariate detectors (MMD, PCA
/// reconstruction). Rows with a null, NaN or infinite value in any column are dropped and counted.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class MultivariateSample
{
    private readonly double[] _values;

    /// <summary>Creates a sample from row-major values.</summary>
    /// <param name="values">The values, row after row; the sample keeps the array.</param>
    /// <param name="dimensions">The number of columns (≥ 1).</param>
    /// <exception cref="ValidationException">The length is not a multiple of <paramref name="dimensions"/>, or a value is not finite.</exception>
    public MultivariateSample(double[] values, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (dimensions < 1 || values.Length % dimensions != 0)
        {
            throw new ValidationException($"A multivariate sample of {dimensions} dimensions needs a multiple of {dimensions} values; it has {values.Length}.");
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ValidationException($"Row {i / dimensions}, dimension {i % dimensions} is {values[i]}; multivariate samples hold finite values only (FromBatch drops such rows).");
            }
        }

        _values = values;
        Dimensions = dimensions;
    }

    /// <summary>The number of columns.</summary>
    public int Dimensions { get; }

    /// <summary>The number of rows.</summary>
    public int Count => _values.Length / Dimensions;

    /// <summary>The rows dropped for a null, NaN or infinite value.</summary>
    public long DroppedRows { get; private init; }

    /// <summary>The column names, when read from a batch.</summary>
    public IReadOnlyList<string>? Columns { get; private init; }

    /// <summary>The values, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>One row.</summary>
    /// <param name="row">Zero-based row.</param>
    /// <returns>The row's values.</returns>
    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * Dimensions, Dimensions);

    /// <summary>Reads numeric columns of a batch as rows, dropping (and counting) rows with a missing or non-finite value.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="columns">The numeric columns to read.</param>
    /// <returns>The sample.</returns>
    /// <exception cref="NotFoundException">A column is not in the batch.</exception>
    /// <exception cref="ValidationException">A column is not numeric, or no column is given.</exception>
    public static MultivariateSample FromBatch(RecordBatch batch, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ValidationException("A multivariate sample needs at least one column.");
        }

        var data = new Column[columns.Count];
        for (int c = 0; c < data.Length; c++)
        {
            data[c] = batch.Column(columns[c]);
            if (!ColumnSamples.IsNumericType(data[c].Type))
            {
                throw new ValidationException($"Column '{columns[c]}' is {data[c].Type}; multivariate detectors read numeric columns only.");
            }
        }

        var values = new List<double>(batch.RowCount * data.Length);
        var row = new double[data.Length];
        long dropped = 0;
        for (int r = 0; r < batch.RowCount; r++)
        {
            bool ok = true;
            for (int c = 0; c < data.Length && ok; c++)
            {
                object? value = data[c].GetValue(r);
                row[c] = value switch
                {
                    double d => d,
                    float f => f,
                    int i => i,
                    long l => l,
                    DateTimeOffset t => t.ToUnixTimeMilliseconds() * 1000.0,
                    _ => double.NaN,
                };
                ok = double.IsFinite(row[c]);
            }

            if (ok)
            {
                values.AddRange(row);
            }
            else
            {
                dropped++;
            }
        }

        return new MultivariateSample([.. values], data.Length) { DroppedRows = dropped, Columns = [.. columns] };
    }
}
