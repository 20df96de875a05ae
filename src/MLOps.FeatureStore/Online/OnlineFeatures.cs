namespace MLOps.FeatureStore;

/// <summary>The result of an online read: one row per requested entity, in request order, one <see cref="FeatureValue"/> per feature of the service.</summary>
public sealed class OnlineFeatures
{
    // Three flat arrays rather than one of structs: 100 entities × 50 features stays off the large object heap.
    private readonly object?[] _values;
    private readonly FeatureStatus[] _statuses;
    private readonly long[] _timestamps;

    internal OnlineFeatures(IReadOnlyList<string> featureNames, int rowCount, object?[] values, FeatureStatus[] statuses, long[] timestamps)
    {
        FeatureNames = featureNames;
        RowCount = rowCount;
        _values = values;
        _statuses = statuses;
        _timestamps = timestamps;
    }

    /// <summary>Marks a missing event timestamp in the timestamp array.</summary>
    internal const long NoTimestamp = long.MinValue;

    /// <summary>The output names, <c>VIEW__FEATURE</c>, in service order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The number of entity rows.</summary>
    public int RowCount { get; }

    /// <summary>One feature of one entity row.</summary>
    /// <param name="row">The entity row.</param>
    /// <param name="feature">The feature's position in <see cref="FeatureNames"/>.</param>
    public FeatureValue this[int row, int feature]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
            ArgumentOutOfRangeException.ThrowIfNegative(feature);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(feature, FeatureNames.Count);
            var at = (row * FeatureNames.Count) + feature;
            var ts = _timestamps[at];
            return new FeatureValue(_values[at], _statuses[at], ts == NoTimestamp ? null : Micros.ToDateTime(ts));
        }
    }

    /// <summary>One feature of one entity row, by output name (<c>VIEW__FEATURE</c>) or <c>view:feature</c>.</summary>
    /// <param name="row">The entity row.</param>
    /// <param name="name">The feature.</param>
    /// <returns>The value and its status.</returns>
    /// <exception cref="NotFoundException">The service has no such feature.</exception>
    public FeatureValue Get(int row, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var column = name.Replace(":", "__", StringComparison.Ordinal);
        for (var i = 0; i < FeatureNames.Count; i++)
        {
            if (string.Equals(FeatureNames[i], column, StringComparison.Ordinal))
            {
                return this[row, i];
            }
        }

        throw new NotFoundException($"The online result has no feature '{name}'; it has {string.Join(", ", FeatureNames)}.");
    }
}
