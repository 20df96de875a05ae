namespace MLOps.Serving.AspNetCore.Metrics;

/// <summary>
/// A measurement's tags as a dictionary key: up to four pairs compared by value, built without
/// allocating so that recording into an existing series costs no garbage.
/// </summary>
internal readonly struct TagSet : IEquatable<TagSet>
{
    public const int MaxTags = 4;

    private readonly KeyValuePair<string, object?> _t0;
    private readonly KeyValuePair<string, object?> _t1;
    private readonly KeyValuePair<string, object?> _t2;
    private readonly KeyValuePair<string, object?> _t3;

    public TagSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Count = Math.Min(tags.Length, MaxTags);
        _t0 = Count > 0 ? tags[0] : default;
        _t1 = Count > 1 ? tags[1] : default;
        _t2 = Count > 2 ? tags[2] : default;
        _t3 = Count > 3 ? tags[3] : default;
    }

    public int Count { get; }

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => _t0,
        1 => _t1,
        2 => _t2,
        _ => _t3,
    };

    public bool Equals(TagSet other)
    {
        if (Count != other.Count)
        {
            return false;
        }

        for (var i = 0; i < Count; i++)
        {
            var (a, b) = (this[i], other[i]);
            if (!string.Equals(a.Key, b.Key, StringComparison.Ordinal) || !Equals(a.Value, b.Value))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is TagSet other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var i = 0; i < Count; i++)
        {
            hash.Add(this[i].Key, StringComparer.Ordinal);
            hash.Add(this[i].Value);
        }

        return hash.ToHashCode();
    }
}
