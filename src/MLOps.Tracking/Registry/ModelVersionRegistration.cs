namespace MLOps.Tracking;

/// <summary>What to register as a new model version. Everything is optional; typically a run and the path of its model artifact.</summary>
public sealed class ModelVersionRegistration
{
    /// <summary>The run that produced the model; it must exist.</summary>
    /// <value>The default value is null.</value>
    public string? RunId { get; set; }

    /// <summary>The model file's artifact path within <see cref="RunId"/>; its hash and size are taken from the run's artifact.</summary>
    /// <value>The default value is null.</value>
    public string? ArtifactPath { get; set; }

    /// <summary>The model file's hash in the blob store, when it was not logged as a run artifact; the blob must exist.</summary>
    /// <value>The default value is null.</value>
    public ContentHash? ArtifactHash { get; set; }

    /// <summary>The model's inputs and outputs.</summary>
    /// <value>The default value is null.</value>
    public ModelSignature? Signature { get; set; }

    /// <summary>A description.</summary>
    /// <value>The default value is null.</value>
    public string? Description { get; set; }

    /// <summary>Tags to set on the version.</summary>
    /// <value>The default value is null.</value>
    public IReadOnlyDictionary<string, string>? Tags { get; set; }

    /// <summary>The initial status.</summary>
    /// <value>The default value is <see cref="ModelVersionStatus.Ready"/>.</value>
    public ModelVersionStatus Status { get; set; } = ModelVersionStatus.Ready;
}
