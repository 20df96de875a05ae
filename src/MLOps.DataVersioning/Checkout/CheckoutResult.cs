namespace MLOps.DataVersioning;

/// <summary>What <see cref="DataRepository.CheckoutAsync"/> did.</summary>
/// <param name="CommitId">The commit checked out.</param>
/// <param name="FilesWritten">Files written (new or different).</param>
/// <param name="FilesUnchanged">Files already present with the same content, left alone.</param>
/// <param name="BytesWritten">The bytes of the files put in place (linked files count their full length).</param>
public sealed record CheckoutResult(ContentHash CommitId, int FilesWritten, int FilesUnchanged, long BytesWritten)
{
    /// <summary>How files were put in place.</summary>
    public CheckoutLink Link { get; init; }

    /// <summary>With <see cref="CheckoutLink.Reflink"/>, files copied because the file system could not clone them.</summary>
    public int CopiedInsteadOfCloned { get; init; }
}
