namespace MLOps.DataVersioning;

/// <summary>What <see cref="DataRepository.CommitAsync"/> did.</summary>
/// <param name="CommitId">The new commit, or the branch's head when nothing changed.</param>
/// <param name="Tree">The root tree's hash.</param>
/// <param name="Files">How many files the folder holds.</param>
/// <param name="Bytes">Their total length.</param>
/// <param name="NewBytes">The bytes of chunks that were not already stored.</param>
/// <param name="Unchanged">True when the folder equals the branch's head: no commit was made and the branch did not move.</param>
public sealed record CommitResult(ContentHash CommitId, ContentHash Tree, int Files, long Bytes, long NewBytes, bool Unchanged)
{
    /// <summary>How many files were read and hashed; the others were known unchanged from the working-state index.</summary>
    public int FilesRead { get; init; }
}
