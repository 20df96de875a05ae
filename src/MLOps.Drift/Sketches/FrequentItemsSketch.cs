namespace MLOps.Drift;

/// <summary>
/// A mergeable frequent-items summary (Misra–Gries): at most <see cref="Capacity"/> counters; when a new
/// category would exceed them, every counter is lowered by the smallest one and zeros are dropped. Each
/// kept count underestimates the true count by at most <see cref="MaxError"/> (≤ n / (capacity + 1)),
/// and every category more frequent than that is kept.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class FrequentItemsSketch
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Creates an empty summary.</summary>
    /// <param name="capacity">The most categories kept: at least 2. The default is 10,000.</param>
    /// <exception cref="ValidationException"><paramref name="capacity"/> is below 2.</exception>
    public FrequentItemsSketch(int capacity = 10_000)
    {
        if (capacity < 2)
        {
            throw new ValidationException($"A frequent-items sketch needs a capacity of at least 2; it is {capacity}.");
        }

        Capacity = capacity;
    }

    /// <summary>The most categories kept.</summary>
    public int Capacity { get; }

    /// <summary>The total count added.</summary>
    public long Count { get; private set; }

    /// <summary>The most any kept count can be below the true count.</summary>
    public long MaxError { get; private set; }

    /// <summary>The kept categories and their (under-)estimated counts.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>Adds occurrences of a category.</summary>
    /// <param name="category">The category.</param>
    /// <param name="count">How many occurrences (≥ 1).</param>
    public void Add(string category, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count += count;
        _counts[category] = _counts.GetValueOrDefault(category) + count;
        Reduce();
    }

    /// <summary>Adds another summary's content; the other summary is unchanged.</summary>
    /// <param name="other">The summary to merge in.</param>
    public void Merge(FrequentItemsSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (category, count) in other._counts)
        {
            _counts[category] = _counts.GetValueOrDefault(category) + count;
        }

        Count += other.Count;
        MaxError += other.MaxError;
        Reduce();
    }

    private void Reduce()
    {
        if (_counts.Count <= Capacity)
        {
            return;
        }

        // Lower every counter by the (capacity + 1)-th largest, so at most 'capacity' stay positive.
        long cut = _counts.Values.OrderDescending().ElementAt(Capacity);
        MaxError += cut;
        foreach (string key in _counts.Keys.ToList())
        {
            long reduced = _counts[key] - cut;
            if (reduced <= 0)
            {
                _counts.Remove(key);
            }
            else
            {
                _counts[key] = reduced;
            }
        }
    }
}
