namespace MLOps.Drift;

/// <summary>
/// A mergeable quantile sketch (Karnin, Lang &amp; Liberty 2016): a stack of compactors whose capacities
/// shrink geometrically (factor 2/3) below the top one of size k; a full compactor sorts itself and
/// promotes every other item (random offset) to the level above, where each item weighs twice as much.
/// Rank error is about 1.7/k of n with high probability, in O(k) memory however many values are added.
/// </summary>
/// <remarks>Not thread-safe. Deterministic for a given seed and input order. Non-finite values are ignored (count them separately).</remarks>
public sealed class KllSketch
{
    private const double CapacityFactor = 2.0 / 3.0;
    private readonly List<List<double>> _levels = [[]];
    private readonly Random _random;
    private int _size;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="k">The top compactor's capacity (accuracy): at least 8. The default is 200 (about 1 % rank error).</param>
    /// <param name="seed">The seed of the compaction offsets.</param>
    /// <exception cref="ValidationException"><paramref name="k"/> is below 8.</exception>
    public KllSketch(int k = 200, int seed = 7)
    {
        if (k < 8)
        {
            throw new ValidationException($"A KLL sketch needs k of at least 8; it is {k}.");
        }

        K = k;
        _random = new Random(seed);
    }

    /// <summary>The accuracy parameter.</summary>
    public int K { get; }

    /// <summary>The number of values added (merged sketches included).</summary>
    public long Count { get; private set; }

    /// <summary>The number of items retained.</summary>
    public int RetainedItems => _size;

    /// <summary>Adds a value.</summary>
    /// <param name="value">The value; NaN and infinities are ignored.</param>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        _levels[0].Add(value);
        _size++;
        Count++;
        Compress();
    }

    /// <summary>Adds another sketch's content; the other sketch is unchanged.</summary>
    /// <param name="other">The sketch to merge in.</param>
    public void Merge(KllSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        while (_levels.Count < other._levels.Count)
        {
            _levels.Add([]);
        }

        for (int h = 0; h < other._levels.Count; h++)
        {
            _levels[h].AddRange(other._levels[h]);
            _size += other._levels[h].Count;
        }

        Count += other.Count;
        Compress();
    }

    /// <summary>The estimated number of values ≤ <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The weighted count of retained items at or below it.</returns>
    public double Rank(double value)
    {
        double rank = 0;
        for (int h = 0; h < _levels.Count; h++)
        {
            long weight = 1L << h;
            foreach (double item in _levels[h])
            {
                if (item <= value)
                {
                    rank += weight;
                }
            }
        }

        return rank;
    }

    /// <summary>Estimated quantiles.</summary>
    /// <param name="probabilities">Probabilities in [0, 1], ascending.</param>
    /// <returns>One value per probability: the smallest retained item whose weighted rank reaches p·n.</returns>
    /// <exception cref="ValidationException">The sketch is empty.</exception>
    public double[] Quantiles(IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (Count == 0)
        {
            throw new ValidationException("An empty KLL sketch has no quantiles.");
        }

        var items = new List<(double Value, long Weight)>(_size);
        for (int h = 0; h < _levels.Count; h++)
        {
            items.AddRange(_levels[h].Select(v => (v, 1L << h)));
        }

        items.Sort((a, b) => a.Value.CompareTo(b.Value));
        double total = items.Sum(i => (double)i.Weight);
        var result = new double[probabilities.Count];
        int index = 0;
        double cumulative = 0;
        for (int q = 0; q < result.Length; q++)
        {
            double target = probabilities[q] * total;
            while (index < items.Count - 1 && cumulative + items[index].Weight < target)
            {
                cumulative += items[index].Weight;
                index++;
            }

            result[q] = items[index].Value;
        }

        return result;
    }

    private int Capacity(int level)
    {
        int depth = _levels.Count - level - 1;
        return Math.Max(2, (int)Math.Ceiling(K * Math.Pow(CapacityFactor, depth)));
    }

    private int TotalCapacity()
    {
        int total = 0;
        for (int h = 0; h < _levels.Count; h++)
        {
            total += Capacity(h);
        }

        return total;
    }

    private void Compress()
    {
        while (_size >= TotalCapacity())
        {
            for (int h = 0; h < _levels.Count; h++)
            {
                if (_levels[h].Count < Capacity(h))
                {
                    continue;
                }

                if (h + 1 == _levels.Count)
                {
                    _levels.Add([]);
                }

                List<double> level = _levels[h];
                level.Sort();
                int offset = _random.Next(2);
                double? kept = level.Count % 2 == 1 ? level[^1] : null;
                int pairs = level.Count / 2;
                for (int i = 0; i < pairs; i++)
                {
                    _levels[h + 1].Add(level[(2 * i) + offset]);
                }

                _size -= level.Count - pairs;
                level.Clear();
                if (kept is { } odd)
                {
                    level.Add(odd);
                    _size++;
                }

                break;
            }
        }
    }
}
