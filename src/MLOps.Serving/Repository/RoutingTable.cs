namespace MLOps.Serving;

/// <summary>An immutable snapshot of a model's ready versions and routing, swapped atomically on every change.</summary>
internal sealed class RoutingTable
{
    public static readonly RoutingTable Empty = new([], ModelRouting.Latest);

    private readonly ServedModelVersion[] _weighted;
    private readonly int[] _cumulative;

    public RoutingTable(IReadOnlyList<ServedModelVersion> ready, ModelRouting routing)
    {
        Ready = [.. ready.OrderBy(v => v.Version)];
        Routing = routing;
        Latest = Ready.Length > 0 ? Ready[^1] : null;
        var weighted = new List<ServedModelVersion>();
        var cumulative = new List<int>();
        var total = 0;
        foreach (var (version, weight) in routing.Weights.OrderBy(w => w.Key))
        {
            if (weight > 0 && Find(version) is { } served)
            {
                total += weight;
                weighted.Add(served);
                cumulative.Add(total);
            }
        }

        _weighted = [.. weighted];
        _cumulative = [.. cumulative];
        Shadow = routing.ShadowVersion is { } shadow ? Find(shadow) : null;
    }

    /// <summary>The ready versions, ascending.</summary>
    public ServedModelVersion[] Ready { get; }

    public ModelRouting Routing { get; }

    public ServedModelVersion? Latest { get; }

    public ServedModelVersion? Shadow { get; }

    public ServedModelVersion? Find(int version)
    {
        foreach (var served in Ready)
        {
            if (served.Version == version)
            {
                return served;
            }
        }

        return null;
    }

    /// <summary>The version a request that names none goes to.</summary>
    public ServedModelVersion? Pick()
    {
        if (_weighted.Length == 0)
        {
            return Latest;
        }

        if (_weighted.Length == 1)
        {
            return _weighted[0];
        }

#pragma warning disable CA5394 // Traffic splitting, not security.
        var draw = Random.Shared.Next(_cumulative[^1]);
#pragma warning restore CA5394
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (draw < _cumulative[i])
            {
                return _weighted[i];
            }
        }

        return _weighted[^1];
    }
}
