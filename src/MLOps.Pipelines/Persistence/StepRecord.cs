namespace MLOps.Pipelines.Persistence;

/// <summary>A step's row in <c>pl.steps</c>.</summary>
internal sealed record StepRecord(
    string RunId,
    string Step,
    int Position,
    StepState State,
    int Attempts,
    long StartedAtMicros,
    long DurationMicros,
    string? CacheKey,
    string? OutputHash,
    string? Serializer,
    byte[]? InlineOutput,
    string? Error);
