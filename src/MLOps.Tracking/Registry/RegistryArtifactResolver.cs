using MLOps.Inference;
using MLOps.Lineage;

namespace MLOps.Tracking;

/// <summary>
/// Resolves <c>model:NAME/VERSION</c> and <c>model:NAME@ALIAS</c> to the registered version's file in its
/// run's artifacts, so a model server can load from the registry without depending on MLOps.Tracking.
/// Registered as <see cref="IModelArtifactResolver"/> by <c>AddTracking()</c>.
/// </summary>
public sealed class RegistryArtifactResolver : IModelArtifactResolver
{
    private readonly TrackingStore _store;

    /// <summary>Creates the resolver over a tracking store.</summary>
    /// <param name="store">The store whose registry and artifacts are read.</param>
    public RegistryArtifactResolver(TrackingStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc />
    public async ValueTask<ModelArtifact> ResolveAsync(LineageReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var version = await _store.Models.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        if (version.RunId is not { } runId || version.ArtifactPath is not { } path)
        {
            throw new NotFoundException($"Model {version.ModelName} version {version.Version} ({reference}) has no run artifact to load.");
        }

        var artifacts = _store.Artifacts;
        return new ModelArtifact(
            version.ModelName,
            version.Version,
            token => artifacts.OpenReadAsync(runId, path, token),
            version.ArtifactHash,
            $"{reference} (version {version.Version}, run {runId}, {path})");
    }
}
