using System.Globalization;
using MLOps.Data;

namespace MLOps.Drift;

/// <summary>
/// Builds a <see cref="ReferenceProfile"/> from a stream of batches in bounded memory, and merges with
/// builders that saw other parts of the reference (other files, other processes). Numeric columns are
/// kept exactly up to <see cref="ReferenceProfileBuilderOptions.MaxExactValues"/> values and as a
/// <see cref="KllSketch"/> beyond; categorical columns exactly up to
/// <see cref="ReferenceProfileBuilderOptions.MaxCategories"/> categories and as a
/// <see cref="FrequentItemsSketch"/> beyond.
/// </summary>
/// <remarks>
/// A sketched numeric column's reference sample is its sketch's quantiles at (i + ½)/Q: the tests'
/// statistics are then within the sketch's rank error, and their p-values are those of a Q-value
/// reference (conservative). Such columns are marked <see cref="ColumnProfile.Approximate"/>. Not thread-safe.
/// </remarks>
public sealed class ReferenceProfileBuilder
{
    private readonly ReferenceProfileBuilderOptions _options;
    private readonly List<ColumnAccumulator> _columns = [];
    private Schema? _schema;
    private long _rows;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="options">The memory bounds; the defaults when null. Validated now.</param>
    /// <exception cref="ValidationException">An option is invalid.</exception>
    public ReferenceProfileBuilder(ReferenceProfileBuilderOptions? options = null)
    {
        _options = options ?? new ReferenceProfileBuilderOptions();
        _options.Validate();
    }

    /// <summary>The rows added so far.</summary>
    public long RowCount => _rows;

    /// <summary>Adds a batch; every batch must have the same schema.</summary>
    /// <param name="batch">The rows.</param>
    /// <exception cref="ValidationException">The schema differs from earlier batches'.</exception>
    public void Add(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Bind(batch.Schema);
        for (int i = 0; i < _columns.Count; i++)
        {
            _columns[i].Add(batch.Column(i));
        }

        _rows += batch.RowCount;
    }

    /// <summary>Adds what another builder saw (same schema); the other builder is unchanged.</summary>
    /// <param name="other">The other builder.</param>
    /// <exception cref="ValidationException">The schemas differ.</exception>
    public void Merge(ReferenceProfileBuilder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._schema is null)
        {
            return;
        }

        Bind(other._schema);
        for (int i = 0; i < _columns.Count; i++)
        {
            _columns[i].Merge(other._columns[i]);
        }

        _rows += other._rows;
    }

    /// <summary>Builds the profile (the builder can go on adding afterwards).</summary>
    /// <returns>The profile; timestamps are profiled as numeric columns.</returns>
    public ReferenceProfile Build() => new(_columns.Select(c => c.Build()), _rows);

    private void Bind(Schema schema)
    {
        if (_schema is null)
        {
            _schema = schema;
            _columns.AddRange(schema.Select(f => new ColumnAccumulator(f.Name, f.Type, _options)));
        }
        else if (_schema != schema)
        {
            throw new ValidationException($"The reference profile builder was given schema {schema}, unlike the earlier {_schema}.");
        }
    }

    private sealed class ColumnAccumulator(string name, DataType type, ReferenceProfileBuilderOptions options)
    {
        private readonly bool _numeric = ColumnSamples.IsNumericType(type);
        private List<double>? _exact = [];
        private KllSketch? _sketch;
        private Dictionary<double, long>? _fewValues = [];
        private Dictionary<string, long>? _categories = new(StringComparer.Ordinal);
        private FrequentItemsSketch? _frequent;
        private long _nulls, _nan, _positive, _negative;

        public void Add(Column column)
        {
            if (_numeric)
            {
                NumericSample sample = NumericSample.FromColumn(column);
                Count(sample.Missing);
                foreach (double v in sample.Sorted)
                {
                    AddValue(v, 1);
                }
            }
            else
            {
                CategoricalSample sample = CategoricalSample.FromColumn(column, options.Drift.MissingValues);
                Count(sample.Missing);
                for (int i = 0; i < sample.Categories.Count; i++)
                {
                    AddCategory(sample.Categories[i], sample.Counts[i]);
                }
            }
        }

        public void Merge(ColumnAccumulator other)
        {
            _nulls += other._nulls;
            _nan += other._nan;
            _positive += other._positive;
            _negative += other._negative;
            if (_numeric)
            {
                MergeNumeric(other);
            }
            else if (other._frequent is not null || _frequent is not null)
            {
                _frequent ??= ToFrequent(_categories!);
                _frequent.Merge(other._frequent ?? ToFrequent(other._categories!));
                _categories = null;
            }
            else
            {
                foreach (var (category, count) in other._categories!)
                {
                    AddCategory(category, count);
                }
            }
        }

        public ColumnProfile Build()
        {
            var missing = new MissingValueCounts(_nulls, _nan, _positive, _negative);
            if (!_numeric)
            {
                IEnumerable<KeyValuePair<string, long>> counts = (IEnumerable<KeyValuePair<string, long>>?)_categories ?? _frequent!.Counts;
                return new ColumnProfile(name, type, DriftColumnKind.Categorical, CategoricalSample.FromCounts(counts, missing)) { Approximate = _frequent is not null };
            }

            if (_fewValues is not null && _fewValues.Count <= options.Drift.CategoricalDistinctLimit && type != DataType.Timestamp)
            {
                var counts = _fewValues.Select(p => new KeyValuePair<string, long>(p.Key.ToString("R", CultureInfo.InvariantCulture), p.Value));
                return new ColumnProfile(name, type, DriftColumnKind.Categorical, CategoricalSample.FromCounts(counts, missing));
            }

            if (_sketch is null)
            {
                double[] sorted = [.. _exact!];
                Array.Sort(sorted);
                return new ColumnProfile(name, type, DriftColumnKind.Numeric, NumericSample.FromSorted(sorted, missing));
            }

            int q = options.SketchQuantiles;
            double[] quantiles = _sketch.Quantiles([.. Enumerable.Range(0, q).Select(i => (i + 0.5) / q)]);
            return new ColumnProfile(name, type, DriftColumnKind.Numeric, NumericSample.FromSorted(quantiles, missing)) { Approximate = true };
        }

        private void MergeNumeric(ColumnAccumulator other)
        {
            if (other._fewValues is null)
            {
                _fewValues = null;
            }
            else if (_fewValues is not null)
            {
                foreach (var (value, count) in other._fewValues)
                {
                    _fewValues[value] = _fewValues.GetValueOrDefault(value) + count;
                }

                if (_fewValues.Count > options.Drift.CategoricalDistinctLimit)
                {
                    _fewValues = null;
                }
            }

            if (other._sketch is null && _sketch is null)
            {
                foreach (double v in other._exact!)
                {
                    AddValue(v, 0);
                }

                return;
            }

            _sketch ??= ToSketch(_exact!);
            _exact = null;
            _sketch.Merge(other._sketch ?? ToSketch(other._exact!));
        }

        private void AddValue(double value, int countInFew)
        {
            if (countInFew > 0 && _fewValues is not null)
            {
                _fewValues[value] = _fewValues.GetValueOrDefault(value) + 1;
                if (_fewValues.Count > options.Drift.CategoricalDistinctLimit)
                {
                    _fewValues = null;
                }
            }

            if (_sketch is not null)
            {
                _sketch.Add(value);
                return;
            }

            _exact!.Add(value);
            if (_exact.Count > options.MaxExactValues)
            {
                _sketch = ToSketch(_exact);
                _exact = null;
            }
        }

        private void AddCategory(string category, long count)
        {
            if (_frequent is not null)
            {
                _frequent.Add(category, count);
                return;
            }

            _categories![category] = _categories.GetValueOrDefault(category) + count;
            if (_categories.Count > options.MaxCategories)
            {
                _frequent = ToFrequent(_categories);
                _categories = null;
            }
        }

        private KllSketch ToSketch(List<double> values)
        {
            var sketch = new KllSketch(options.SketchK);
            foreach (double v in values)
            {
                sketch.Add(v);
            }

            return sketch;
        }

        private FrequentItemsSketch ToFrequent(Dictionary<string, long> counts)
        {
            var sketch = new FrequentItemsSketch(options.MaxCategories);
            foreach (var (category, count) in counts)
            {
                sketch.Add(category, count);
            }

            return sketch;
        }

        private void Count(MissingValueCounts missing)
        {
            _nulls += missing.Nulls;
            _nan += missing.NaN;
            _positive += missing.PositiveInfinity;
            _negative += missing.NegativeInfinity;
        }
    }
}
