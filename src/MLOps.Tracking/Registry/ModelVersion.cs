using MLOps.Lineage;

namespace MLOps.Tracking;

/// <summary>One numbered version of a registered model. An immutable snapshot.</summary>
public sealed record ModelVersion
{
    /// <summary>The model's name.</summary>
    public required string ModelName { get; init; }

    /// <summary>The version number, from 1.</summary>
    public required int Version { get; init; }

    /// <summary>The run that produced it, or null.</summary>
    public string? RunId { get; init; }

    /// <summary>The artifact path within that run, or null.</summary>
    public string? ArtifactPath { get; init; }

    /// <summary>The hash of the model file in the blob store, or null when registered without one.</summary>
    public ContentHash? ArtifactHash { get; init; }

    /// <summary>The model file's size in bytes, or null.</summary>
    public long? ArtifactSize { get; init; }

    /// <summary>The inputs and outputs, or null when not given.</summary>
    public ModelSignature? Signature { get; init; }

    /// <summary>The version's state.</summary>
    public required ModelVersionStatus Status { get; init; }

    /// <summary>The description, or null.</summary>
    public string? Description { get; init; }

    /// <summary>When it was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who registered it, or null.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>When it (its status, description or tags) last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The version's tags.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>The aliases pointing at this version, in name order.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    /// <summary>The lineage reference <c>model:NAME/VERSION</c>.</summary>
    public ModelVersionReference Reference => new(ModelName, Version);
}
