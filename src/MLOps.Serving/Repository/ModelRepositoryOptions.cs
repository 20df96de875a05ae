using MLOps.Inference;

namespace MLOps.Serving;

/// <summary>What a <see cref="ModelRepository"/> is built with.</summary>
public sealed class ModelRepositoryOptions
{
    /// <summary>The clock for queue delays, deadlines and load times.</summary>
    /// <value>The default is the system clock.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The configuration of models loaded without one (and the base that <c>config.json</c> files override).</summary>
    public ModelConfig DefaultConfig { get; init; } = new();

    /// <summary>Resolves <c>model:NAME@ALIAS</c> references; <c>AddTracking()</c> registers one over the registry.</summary>
    /// <value>The default is null: loading from the registry fails with a message saying so.</value>
    public IModelArtifactResolver? ArtifactResolver { get; init; }

    /// <summary>Taps that see every successful inference (drift monitors, inference logs).</summary>
    public IReadOnlyList<IInferenceObserver> Observers { get; init; } = [];
}
