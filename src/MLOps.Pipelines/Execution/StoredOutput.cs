namespace MLOps.Pipelines;

/// <summary>A step output as stored: its hash and serialized bytes (inline or in the blob store).</summary>
internal sealed record StoredOutput(ContentHash Hash, byte[] Bytes, bool InBlobStore);
