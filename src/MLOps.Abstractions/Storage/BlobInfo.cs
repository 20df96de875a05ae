namespace MLOps.Storage;

/// <summary>What a put into an <see cref="IBlobStore"/> stored.</summary>
/// <param name="Hash">The content's SHA-256, the blob's name.</param>
/// <param name="Size">The content's length in bytes.</param>
/// <param name="Created">False when the blob was already present (the put was a no-op).</param>
public readonly record struct BlobInfo(ContentHash Hash, long Size, bool Created);
