namespace MLOps.DataVersioning;

/// <summary>What <see cref="DataRepository.CheckoutAsync"/> did.</summary>
/// <param name="CommitId">The commit checked out.</param>
/// <param name="FilesWritten">Files written (new or different).</param>
/// <param name="FilesUnchanged">Files already present with the same content, left alone.</param>
/// <param name="BytesWritten">The bytes written.</param>
public sealed record CheckoutResult(ContentHash CommitId, int FilesWritten, int FilesUnchanged, long BytesWritten);
