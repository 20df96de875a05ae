namespace MLOps.DataVersioning;

/// <summary>What <see cref="DataRepository.VerifyAsync"/> checked and found.</summary>
/// <param name="Objects">Objects whose content was re-hashed.</param>
/// <param name="Refs">Refs walked.</param>
/// <param name="Reachable">Objects reached from the refs.</param>
/// <param name="Problems">Each damaged, missing or unreadable object, named with its file or with where it was reached from; empty when all is well.</param>
public sealed record VerifyResult(int Objects, int Refs, int Reachable, IReadOnlyList<string> Problems)
{
    /// <summary>Whether nothing is wrong.</summary>
    public bool IsHealthy => Problems.Count == 0;
}
