namespace MLOps;

/// <summary>The kinds of <see cref="MLOpsException"/>.</summary>
public enum MLOpsErrorKind
{
    /// <summary>The thing asked for does not exist.</summary>
    NotFound,

    /// <summary>The request contradicts what is already stored.</summary>
    Conflict,

    /// <summary>The input is malformed or out of range.</summary>
    Validation,

    /// <summary>Stored data does not match what it claims to be.</summary>
    Corrupt,

    /// <summary>The service cannot take the request now (a full queue, a model not loaded yet, a deadline passed); retrying later may succeed.</summary>
    Unavailable,
}
