namespace MLOps.Tracking;

/// <summary>A named group of runs. Immutable snapshot; read it again to see later changes.</summary>
/// <param name="Id">The experiment's number, assigned when it was created.</param>
/// <param name="Name">The unique name.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it, or one of its tags, last changed.</param>
/// <param name="DeletedAt">When it was soft-deleted, or null while it is active.</param>
/// <param name="Tags">Its tags.</param>
public sealed record Experiment(
    long Id,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Whether the experiment is soft-deleted.</summary>
    public bool IsDeleted => DeletedAt is not null;
}
