namespace MLOps.DataVersioning;

/// <summary>Options of <see cref="DataRepository.CollectGarbageAsync"/>.</summary>
public sealed class GarbageCollectionOptions
{
    /// <summary>Only report what would be removed. Default false.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Objects written or relied on more recently than this are kept even when no ref reaches them,
    /// with everything they reach: a commit in progress in another process has stored its objects but
    /// not yet moved its branch. Default one hour.
    /// </summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromHours(1);
}
