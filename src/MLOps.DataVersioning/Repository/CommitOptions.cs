namespace MLOps.DataVersioning;

/// <summary>Options of <see cref="DataRepository.CommitAsync"/>.</summary>
public sealed class CommitOptions
{
    /// <summary>The branch to commit to (created by the commit when it does not exist). Default <c>main</c>.</summary>
    public string Branch { get; init; } = DataRepository.DefaultBranch;

    /// <summary>The author; the current user name when null.</summary>
    public string? Author { get; init; }

    /// <summary>Free key/value metadata stored in the commit.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
