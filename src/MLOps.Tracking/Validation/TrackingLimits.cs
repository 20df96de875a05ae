namespace MLOps.Tracking;

/// <summary>
/// The lengths and counts the tracker accepts. Inputs beyond them are rejected with a
/// <see cref="ValidationException"/> naming the field, so nothing is silently truncated.
/// </summary>
public static class TrackingLimits
{
    /// <summary>The longest param, metric or tag key, in characters: 250.</summary>
    public const int MaxKeyLength = 250;

    /// <summary>The longest param value in its text form, in characters: 6,000.</summary>
    public const int MaxParamValueLength = 6000;

    /// <summary>The longest tag value, in characters: 8,000.</summary>
    public const int MaxTagValueLength = 8000;

    /// <summary>The longest experiment or run name, in characters: 256.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The longest description of a model or version, in characters: 10,000.</summary>
    public const int MaxDescriptionLength = 10_000;

    /// <summary>The longest artifact path, in characters: 1,024.</summary>
    public const int MaxArtifactPathLength = 1024;

    /// <summary>The longest filter expression, in characters: 20,000.</summary>
    public const int MaxFilterLength = 20_000;

    /// <summary>The largest page of a run search: 50,000 runs.</summary>
    public const int MaxPageSize = 50_000;
}
