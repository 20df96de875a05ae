namespace MLOps.DataVersioning;

/// <summary>How two commits' files differ. Paths are relative and '/'-separated, in ordinal order.</summary>
/// <param name="Added">Files only in the second commit (renames excluded).</param>
/// <param name="Removed">Files only in the first commit (renames excluded).</param>
/// <param name="Modified">Files in both with different content or executable flag.</param>
/// <param name="Renamed">A removed and an added file with the same content, paired.</param>
/// <param name="BytesChanged">The lengths of the added and modified files (new versions) plus those of the removed files; renames count nothing.</param>
public sealed record TreeDiff(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Modified, IReadOnlyList<RenamedPath> Renamed, long BytesChanged)
{
    /// <summary>Row-level summaries of the modified <c>.csv</c> files (see <see cref="DiffOptions.CsvRows"/>).</summary>
    public IReadOnlyList<CsvRowDiff> CsvRows { get; init; } = [];

    /// <summary>Whether the commits hold the same files.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Modified.Count == 0 && Renamed.Count == 0;
}
