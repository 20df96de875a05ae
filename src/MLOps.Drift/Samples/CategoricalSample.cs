using System.Globalization;
using MLOps.Data;

namespace MLOps.Drift;

/// <summary>
/// The category frequencies of a column: distinct values sorted ordinally with their counts. Any
/// column type can be read as categories (numbers are formatted culture-invariant, round-trip).
/// </summary>
/// <remarks>Immutable and thread-safe once created.</remarks>
public sealed class CategoricalSample : ColumnSample
{
    /// <summary>The category that stands for null (and NaN/∞ in number columns) under <see cref="MissingValuePolicy.Category"/>.</summary>
    public const string NullCategory = "<null>";

    private readonly string[] _categories;
    private readonly long[] _counts;

    private CategoricalSample(string[] categories, long[] counts, MissingValueCounts missing)
        : base(missing)
    {
        _categories = categories;
        _counts = counts;
        long total = 0;
        foreach (long c in counts)
        {
            total += c;
        }

        Count = total;
    }

    /// <inheritdoc />
    public override DriftColumnKind Kind => DriftColumnKind.Categorical;

    /// <summary>The distinct categories, sorted ordinally.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>The count of each category, in the order of <see cref="Categories"/>.</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <inheritdoc />
    public override long Count { get; }

    /// <summary>Creates a sample from category counts.</summary>
    /// <param name="counts">The count of each category; zero counts are dropped, negative counts rejected.</param>
    /// <param name="missing">What was dropped before.</param>
    /// <returns>The sample.</returns>
    /// <exception cref="ValidationException">A count is negative.</exception>
    public static CategoricalSample FromCounts(IEnumerable<KeyValuePair<string, long>> counts, MissingValueCounts missing = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var merged = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (category, count) in counts)
        {
            if (category is null)
            {
                throw new ValidationException("A category name is null; nulls are counted through MissingValuePolicy.");
            }

            if (count < 0)
            {
                throw new ValidationException($"Category '{category}' has a negative count ({count}).");
            }

            if (count > 0)
            {
                merged[category] = merged.GetValueOrDefault(category) + count;
            }
        }

        return new CategoricalSample([.. merged.Keys], [.. merged.Values], missing);
    }

    /// <summary>Creates a sample from values; null values are dropped and counted, or counted as <see cref="NullCategory"/>.</summary>
    /// <param name="values">The values.</param>
    /// <param name="policy">What to do with nulls.</param>
    /// <returns>The sample.</returns>
    public static CategoricalSample FromValues(IEnumerable<string?> values, MissingValuePolicy policy = MissingValuePolicy.Drop)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long nulls = 0;
        foreach (string? value in values)
        {
            if (value is null)
            {
                nulls++;
                if (policy == MissingValuePolicy.Category)
                {
                    counts[NullCategory] = counts.GetValueOrDefault(NullCategory) + 1;
                }
            }
            else
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        return FromCounts(counts, new MissingValueCounts(policy == MissingValuePolicy.Category ? 0 : nulls, 0, 0, 0));
    }

    /// <summary>Creates a sample from any column: strings as they are, booleans as <c>true</c>/<c>false</c>, numbers round-trip formatted.</summary>
    /// <param name="column">The column.</param>
    /// <param name="policy">What to do with nulls, NaN and infinities: drop and count them (the default) or count them as <see cref="NullCategory"/>.</param>
    /// <returns>The sample.</returns>
    public static CategoricalSample FromColumn(Column column, MissingValuePolicy policy = MissingValuePolicy.Drop)
    {
        ArgumentNullException.ThrowIfNull(column);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long nulls = 0, nan = 0, positive = 0, negative = 0;
        for (int i = 0; i < column.Length; i++)
        {
            string? key = column switch
            {
                StringColumn s => s[i],
                BooleanColumn b => b.IsNull(i) ? null : b[i] ? "true" : "false",
                Float64Column f => f.IsNull(i) ? null : FormatDouble(f[i], ref nan, ref positive, ref negative),
                Float32Column f => f.IsNull(i) ? null : FormatDouble(f[i], ref nan, ref positive, ref negative),
                _ => column.GetValue(i) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null,
            };
            if (key is null)
            {
                if (column.IsNull(i))
                {
                    nulls++;
                }

                if (policy == MissingValuePolicy.Category)
                {
                    counts[NullCategory] = counts.GetValueOrDefault(NullCategory) + 1;
                }

                continue;
            }

            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        MissingValueCounts missing = policy == MissingValuePolicy.Category ? default : new MissingValueCounts(nulls, nan, positive, negative);
        return FromCounts(counts, missing);
    }

    /// <summary>Reads a numeric sample as categories (each distinct finite value is a category).</summary>
    /// <param name="sample">The numeric sample.</param>
    /// <returns>The categorical sample, with the same dropped counts.</returns>
    public static CategoricalSample FromNumeric(NumericSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var counts = new List<KeyValuePair<string, long>>();
        ReadOnlySpan<double> sorted = sample.Sorted;
        int i = 0;
        while (i < sorted.Length)
        {
            int j = i;
            while (j < sorted.Length && sorted[j] == sorted[i])
            {
                j++;
            }

            counts.Add(new(sorted[i].ToString("R", CultureInfo.InvariantCulture), j - i));
            i = j;
        }

        return FromCounts(counts, sample.Missing);
    }

    /// <summary>Aligns two samples on the union of their categories (sorted ordinally), with zero counts where a category is absent.</summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    /// <returns>The categories and the two count vectors.</returns>
    public static (string[] Categories, long[] Reference, long[] Current) Align(CategoricalSample reference, CategoricalSample current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var categories = new List<string>(reference._categories.Length + current._categories.Length);
        var a = new List<long>();
        var b = new List<long>();
        int i = 0, j = 0;
        while (i < reference._categories.Length || j < current._categories.Length)
        {
            int cmp = i == reference._categories.Length ? 1
                : j == current._categories.Length ? -1
                : string.CompareOrdinal(reference._categories[i], current._categories[j]);
            if (cmp <= 0)
            {
                categories.Add(reference._categories[i]);
                a.Add(reference._counts[i]);
                b.Add(cmp == 0 ? current._counts[j++] : 0);
                i++;
            }
            else
            {
                categories.Add(current._categories[j]);
                a.Add(0);
                b.Add(current._counts[j++]);
            }
        }

        return ([.. categories], [.. a], [.. b]);
    }

    private static string? FormatDouble(double value, ref long nan, ref long positive, ref long negative)
    {
        if (double.IsFinite(value))
        {
            return value.ToString("R", CultureInfo.InvariantCulture);
        }

        if (double.IsNaN(value))
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

        return null;
    }
}
