namespace MLOps.Serving.Execution;

/// <summary>
/// Plans by input shapes, most recently used first, bounded. A lookup compares shape keys in place
/// and allocates nothing. A null plan records that those shapes need evaluation call by call.
/// </summary>
internal sealed class PlanCache
{
    private readonly List<Entry> _entries = [];
    private readonly Lock _gate = new();
    private readonly int _capacity;

    public PlanCache(int capacity)
    {
        _capacity = Math.Max(1, capacity);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(ReadOnlySpan<int> key, out ExecutionPlan? plan)
    {
        lock (_gate)
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                if (key.SequenceEqual(_entries[i].Key))
                {
                    var entry = _entries[i];
                    if (i > 0)
                    {
                        _entries.RemoveAt(i);
                        _entries.Insert(0, entry);
                    }

                    plan = entry.Plan;
                    return true;
                }
            }
        }

        plan = null;
        return false;
    }

    public void Add(ReadOnlySpan<int> key, ExecutionPlan? plan)
    {
        lock (_gate)
        {
            _entries.Insert(0, new Entry(key.ToArray(), plan));
            if (_entries.Count > _capacity)
            {
                _entries.RemoveAt(_entries.Count - 1);
            }
        }
    }

    private sealed record Entry(int[] Key, ExecutionPlan? Plan);
}
