using MLOps.Data;
using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// The finite values of a numeric column, sorted once, with counts of what was dropped (nulls, NaN,
/// +∞, −∞). Every numeric test reads the sorted values, so a reference sample is sorted once and
/// reused by every window and every test.
/// </summary>
/// <remarks>Immutable and thread-safe once created.</remarks>
public sealed class NumericSample : ColumnSample
{
    private readonly double[] _sorted;
    private double? _mean;
    private double? _variance;
    private int _distinct = -1;

    private NumericSample(double[] sorted, MissingValueCounts missing)
        : base(missing)
    {
        _sorted = sorted;
    }

    /// <inheritdoc />
    public override DriftColumnKind Kind => DriftColumnKind.Numeric;

    /// <summary>The finite values, ascending.</summary>
    public ReadOnlySpan<double> Sorted => _sorted;

    /// <summary>The finite values, ascending, as memory.</summary>
    public ReadOnlyMemory<double> SortedMemory => _sorted;

    /// <inheritdoc />
    public override long Count => _sorted.Length;

    /// <summary>The smallest finite value (NaN when empty).</summary>
    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];

    /// <summary>The largest finite value (NaN when empty).</summary>
    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    /// <summary>Whether every finite value is the same (or there is at most one).</summary>
    public bool IsConstant => _sorted.Length == 0 || _sorted[0] == _sorted[^1];

    /// <summary>The mean of the finite values (NaN when empty).</summary>
    public double Mean => _mean ??= Moments.Mean(_sorted);

    /// <summary>The sample variance (denominator n − 1) of the finite values; 0 for one value, NaN when empty.</summary>
    public double Variance => _variance ??= Moments.SampleVariance(_sorted, Mean);

    /// <summary>The population standard deviation (denominator n) of the finite values, as used to normalize distances.</summary>
    public double PopulationStandardDeviation => _sorted.Length == 0 ? double.NaN : Math.Sqrt(Variance * (_sorted.Length - 1) / _sorted.Length);

    /// <summary>The number of distinct finite values.</summary>
    public int DistinctCount
    {
        get
        {
            if (_distinct < 0)
            {
                int distinct = _sorted.Length == 0 ? 0 : 1;
                for (int i = 1; i < _sorted.Length; i++)
                {
                    if (_sorted[i] != _sorted[i - 1])
                    {
                        distinct++;
                    }
                }

                _distinct = distinct;
            }

            return _distinct;
        }
    }

    /// <summary>Creates a sample from values: copies them, drops and counts NaN and ±∞, and sorts the rest.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The sample.</returns>
    public static NumericSample FromValues(ReadOnlySpan<double> values)
    {
        var finite = new double[values.Length];
        int count = 0;
        long nan = 0, positive = 0, negative = 0;
        foreach (double value in values)
        {
            if (double.IsFinite(value))
            {
                finite[count++] = value;
            }
            else if (double.IsNaN(value))
            {
                nan++;
            }
            else if (value > 0)
            {
                positive++;
            }
            else
            {
                negative++;
            }
        }

        if (count != finite.Length)
        {
            Array.Resize(ref finite, count);
        }

        RadixSort.Sort(finite);
        return new NumericSample(finite, new MissingValueCounts(0, nan, positive, negative));
    }

    /// <summary>Creates a sample from values that are already finite and sorted ascending (not checked beyond a debug assert).</summary>
    /// <param name="sorted">The sorted finite values; the sample keeps the array, so the caller must not change it.</param>
    /// <param name="missing">What was dropped before.</param>
    /// <returns>The sample.</returns>
    public static NumericSample FromSorted(double[] sorted, MissingValueCounts missing = default)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return new NumericSample(sorted, missing);
    }

    /// <summary>Creates a sample from a numeric column (Float64, Float32, Int32, Int64, Boolean as 0/1, Timestamp as microseconds), dropping and counting nulls and non-finite values.</summary>
    /// <param name="column">The column.</param>
    /// <returns>The sample.</returns>
    /// <exception cref="ValidationException">The column is a String column.</exception>
    public static NumericSample FromColumn(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column is Float64Column { NullCount: 0 } dense)
        {
            return FromValues(dense.Values);
        }

        var values = new double[column.Length - column.NullCount];
        int count = 0;
        bool hasNulls = column.NullCount > 0;
        switch (column)
        {
            case Float64Column f64:
                Copy(f64, f64.Values, values, ref count, hasNulls, static v => v);
                break;
            case Float32Column f32:
                Copy(f32, f32.Values, values, ref count, hasNulls, static v => v);
                break;
            case Int64Column i64:
                Copy(i64, i64.Values, values, ref count, hasNulls, static v => v);
                break;
            case Int32Column i32:
                Copy(i32, i32.Values, values, ref count, hasNulls, static v => v);
                break;
            case TimestampColumn ts:
                Copy(ts, ts.Values, values, ref count, hasNulls, static v => v);
                break;
            case BooleanColumn b:
                for (int i = 0; i < b.Length; i++)
                {
                    if (!hasNulls || b.IsValid(i))
                    {
                        values[count++] = b[i] ? 1 : 0;
                    }
                }

                break;
            default:
                throw new ValidationException($"A {column.Type} column is not numeric; test it as a categorical column.");
        }

        NumericSample sample = FromValues(values.AsSpan(0, count));
        return new NumericSample(sample._sorted, sample.Missing with { Nulls = column.NullCount });
    }

    private static void Copy<T>(Column column, ReadOnlySpan<T> source, double[] target, ref int count, bool hasNulls, Func<T, double> convert)
        where T : unmanaged
    {
        for (int i = 0; i < source.Length; i++)
        {
            if (!hasNulls || column.IsValid(i))
            {
                target[count++] = convert(source[i]);
            }
        }
    }
}
