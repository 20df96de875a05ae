namespace MLOps.Pipelines.Persistence;

/// <summary>A row of <c>pl.cache</c>: where a cache key's output lives (inline bytes, or a blob by hash).</summary>
internal sealed record CacheEntry(string Key, string Step, ContentHash OutputHash, string Serializer, byte[]? InlineOutput, long CreatedAtMicros, string RunId);
