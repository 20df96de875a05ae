namespace MLOps.DataVersioning;

/// <summary>What a push or pull moved.</summary>
/// <param name="Datasets">The datasets whose refs were transferred.</param>
/// <param name="Objects">Objects sent or fetched.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="Skipped">Objects not sent because the other side already had them (found in the remote's index or already stored locally).</param>
/// <param name="RefsUpdated">Branches and tags created or moved, as <c>DATASET@NAME</c>.</param>
/// <param name="RefsRejected">Branches not moved because the histories diverged (or a tag differs), with the reason.</param>
public sealed record TransferResult(IReadOnlyList<string> Datasets, int Objects, long Bytes, int Skipped, IReadOnlyList<string> RefsUpdated, IReadOnlyList<string> RefsRejected);
