using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>
/// For each entity row, finds the feature row the point-in-time rule picks: within the entity's key,
/// the last row (by event timestamp, created timestamp, ingestion order) whose event timestamp is at
/// or before the entity timestamp and, with a TTL, at or after entity timestamp − TTL. In the interval
/// form the pick is the last row with valid_from ≤ ts &lt; valid_to. Entity rows are first grouped by key
/// (a parallel counting sort), then each key's entity rows are answered against that key's sorted
/// feature rows while they sit in cache; the answers land at the entity rows' input positions.
/// </summary>
internal static class AsOfMatcher
{
    public static int[] Match(FeatureIndex index, JoinKeys entityKeys, TimestampColumn entityTimestamps, long ttlMicros)
    {
        var n = entityTimestamps.Length;
        var match = new int[n];
        var ids = new int[n];
        var tsNulls = entityTimestamps.NullCount > 0;
        ColumnGather.ForRanges(n, (from, to) =>
        {
            var integer = entityKeys.Integers is not null;
            var integers = integer ? entityKeys.Integers!.Value.Span : default;
            var nulls = entityKeys.Nulls;
            for (var i = from; i < to; i++)
            {
                var key = integer
                    ? (nulls is not null && nulls[i] != 0 ? -1 : index.KeyId(integers[i]))
                    : index.KeyId(entityKeys.Texts![i]);
                ids[i] = key < 0 || (tsNulls && entityTimestamps.IsNull(i)) ? -1 : key;
                match[i] = -1;
            }
        });

        var keyCount = index.KeyCount;
        var (entityStart, entities) = CountingSort.Sort(ids, keyCount, entityTimestamps.ValueMemory);
        var start = index.GroupStart;
        var sortedTs = index.Timestamps;
        var rows = index.Rows;
        var validTo = index.ValidTo;
        var partitions = FeatureIndex.Partitions(keyCount);
        Parallel.For(0, partitions, p =>
        {
            var (fromKey, toKey) = FeatureIndex.Range(keyCount, p);
            for (var key = fromKey; key < toKey; key++)
            {
                var first = start[key];
                var end = start[key + 1];
                for (var j = entityStart[key]; j < entityStart[key + 1]; j++)
                {
                    var t = entities[j].Value;

                    // Upper bound: the first entry whose timestamp is after t.
                    int lo = first, hi = end;
                    while (lo < hi)
                    {
                        var mid = (int)((uint)(lo + hi) >> 1);
                        if (sortedTs[mid] <= t)
                        {
                            lo = mid + 1;
                        }
                        else
                        {
                            hi = mid;
                        }
                    }

                    var candidate = lo - 1;
                    if (validTo is not null)
                    {
                        while (candidate >= first && validTo[candidate] <= t)
                        {
                            candidate--;
                        }
                    }

                    match[entities[j].Row] = candidate < first || (ttlMicros > 0 && sortedTs[candidate] < t - ttlMicros) ? -1 : rows[candidate];
                }
            }
        });
        return match;
    }
}
