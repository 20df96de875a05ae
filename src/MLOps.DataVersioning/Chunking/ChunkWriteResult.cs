namespace MLOps.DataVersioning;

/// <summary>What <see cref="ChunkStore.WriteFileAsync(Stream, CancellationToken)"/> stored.</summary>
/// <param name="Manifest">How the file is stored.</param>
/// <param name="NewBytes">The bytes of chunks that were not already in the store.</param>
/// <param name="TotalBytes">The file's length in bytes.</param>
public readonly record struct ChunkWriteResult(FileManifest Manifest, long NewBytes, long TotalBytes);
