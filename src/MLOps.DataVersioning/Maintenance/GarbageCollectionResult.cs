namespace MLOps.DataVersioning;

/// <summary>What <see cref="DataRepository.CollectGarbageAsync"/> found and did.</summary>
/// <param name="Objects">Objects in the store.</param>
/// <param name="Reachable">Objects reached from refs (or kept as young).</param>
/// <param name="Removed">Objects removed (or that would be, on a dry run).</param>
/// <param name="RemovedBytes">Their total size.</param>
/// <param name="RemovedCommits">Commits among them, which also leave the commit index.</param>
/// <param name="DryRun">Whether nothing was removed.</param>
public sealed record GarbageCollectionResult(int Objects, int Reachable, int Removed, long RemovedBytes, IReadOnlyList<ContentHash> RemovedCommits, bool DryRun);
