namespace MLOps.DataVersioning;

/// <summary>One chunk of a file: its hash (the blob's name) and its length.</summary>
/// <param name="Hash">The chunk's SHA-256.</param>
/// <param name="Size">The chunk's length in bytes (positive).</param>
public readonly record struct ChunkRef(ContentHash Hash, int Size);
