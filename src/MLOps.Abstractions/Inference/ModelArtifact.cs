
namespace MLOps.Inference;

/// <summary>A registered model version's file, as an <see cref="IModelArtifactResolver"/> finds it.</summary>
public sealed class ModelArtifact
{
    private readonly Func<CancellationToken, ValueTask<Stream>> _open;

    /// <summary>Creates the artifact.</summary>
    /// <param name="modelName">The registered model's name.</param>
    /// <param name="version">The version the reference resolved to.</param>
    /// <param name="open">Opens the file for reading.</param>
    /// <param name="hash">The file's content hash, when the registry knows it.</param>
    /// <param name="description">Where the file comes from, for messages (such as <c>run 3f2a…/model.onnx</c>).</param>
    public ModelArtifact(string modelName, int version, Func<CancellationToken, ValueTask<Stream>> open, ContentHash? hash = null, string? description = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentNullException.ThrowIfNull(open);
        ModelName = modelName;
        Version = version;
        _open = open;
        Hash = hash;
        Description = description ?? $"model:{modelName}/{version}";
    }

    /// <summary>The registered model's name.</summary>
    public string ModelName { get; }

    /// <summary>The version the reference resolved to.</summary>
    public int Version { get; }

    /// <summary>The file's content hash, or null.</summary>
    public ContentHash? Hash { get; }

    /// <summary>Where the file comes from, for messages.</summary>
    public string Description { get; }

    /// <summary>Opens the file for reading.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A readable stream the caller disposes.</returns>
    public ValueTask<Stream> OpenAsync(CancellationToken cancellationToken = default) => _open(cancellationToken);
}
