namespace MLOps.DataVersioning;

/// <summary>How a working folder differs from a branch's head (<see cref="DataRepository.StatusAsync"/>). Paths are relative, '/'-separated, in ordinal order.</summary>
/// <param name="Head">The branch's head; null when the branch does not exist yet (everything is added).</param>
/// <param name="Added">Files in the folder, not in the head (renames excluded).</param>
/// <param name="Modified">Files in both with different content or executable flag.</param>
/// <param name="Deleted">Files in the head, no longer in the folder (renames excluded).</param>
/// <param name="Renamed">A deleted and an added file with the same content, paired.</param>
/// <param name="Files">How many files the folder holds.</param>
/// <param name="Bytes">Their total length.</param>
/// <param name="FilesRead">How many files had to be read; the others were known unchanged from the working-state index.</param>
public sealed record WorkingStatus(
    ContentHash? Head,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Modified,
    IReadOnlyList<string> Deleted,
    IReadOnlyList<RenamedPath> Renamed,
    int Files,
    long Bytes,
    int FilesRead)
{
    /// <summary>Whether the folder equals the head.</summary>
    public bool IsClean => Added.Count == 0 && Modified.Count == 0 && Deleted.Count == 0 && Renamed.Count == 0;
}
