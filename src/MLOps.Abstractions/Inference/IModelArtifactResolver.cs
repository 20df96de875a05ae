using MLOps.Lineage;

namespace MLOps.Inference;

/// <summary>
/// Turns a model reference (<c>model:churn/3</c>, <c>model:churn@champion</c>) into the model file it
/// names: the seam between a model registry (MLOps.Tracking registers one) and a model server that loads
/// from it without depending on it.
/// </summary>
public interface IModelArtifactResolver
{
    /// <summary>Resolves a reference to one registered version and its file.</summary>
    /// <param name="reference">A <see cref="ModelVersionReference"/> or <see cref="ModelAliasReference"/>.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The version and a way to read its file.</returns>
    /// <exception cref="NotFoundException">The model, version or alias does not exist, or the version has no file.</exception>
    /// <exception cref="ValidationException">The reference is not a model reference.</exception>
    ValueTask<ModelArtifact> ResolveAsync(LineageReference reference, CancellationToken cancellationToken = default);
}
