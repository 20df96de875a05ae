namespace MLOps.Serving;

/// <summary>A model in a <see cref="ModelRepository"/>: its loaded versions and its routing.</summary>
public sealed class ServedModel
{
    private volatile RoutingTable _table = RoutingTable.Empty;

    internal ServedModel(string name) => Name = name;

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>The versions ready to take requests, ascending.</summary>
    public IReadOnlyList<ServedModelVersion> Versions => _table.Ready;

    /// <summary>How requests that name no version are routed.</summary>
    public ModelRouting Routing => _table.Routing;

    /// <summary>The highest-numbered ready version, or null.</summary>
    public ServedModelVersion? Latest => _table.Latest;

    /// <summary>Whether some version is ready.</summary>
    public bool IsReady => _table.Latest is not null;

    /// <summary>Where the model's versions come from: a file, a folder, or a registry reference; null when loaded from an executor.</summary>
    public string? Source { get; internal set; }

    /// <summary>The error of the last load that failed, or null once a later load succeeded.</summary>
    public string? LastError { get; internal set; }

    internal SemaphoreSlim LoadLock { get; } = new(1, 1);

    internal RoutingTable Table
    {
        get => _table;
        set => _table = value;
    }

    /// <summary>A ready version.</summary>
    /// <param name="version">The version number.</param>
    /// <returns>The version, or null when it is not loaded or not ready.</returns>
    public ServedModelVersion? FindVersion(int version) => _table.Find(version);
}
