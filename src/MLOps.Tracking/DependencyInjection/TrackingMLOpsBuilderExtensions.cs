using Microsoft.Extensions.DependencyInjection.Extensions;
using MLOps.Storage;
using MLOps.Tracking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the tracker and model registry in a host.</summary>
public static class TrackingMLOpsBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="TrackingStore"/> (a singleton over the registered <see cref="MLOpsWorkspace"/>,
    /// opened when first resolved and disposed with the container, which flushes buffered metric points)
    /// its <see cref="ModelRegistry"/>, and a <see cref="MLOps.Inference.IModelArtifactResolver"/> over the registry (so <c>AddServing</c> can load <c>model:NAME@ALIAS</c>), and an <see cref="IRunMetricLogger"/> (so drift monitors can log to a run). Options are validated here, so a bad option fails at start-up
    /// naming the option. Calling it again replaces nothing. Register a workspace with <c>UseWorkspace</c>.
    /// </summary>
    /// <param name="builder">The MLOps builder.</param>
    /// <param name="configure">Sets the options; the defaults suit most hosts.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="MLOps.ValidationException">An option is out of range.</exception>
    public static IMLOpsBuilder AddTracking(this IMLOpsBuilder builder, Action<TrackingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new TrackingOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.Services.TryAddSingleton(sp =>
        {
            var workspace = sp.GetService<MLOpsWorkspace>()
                ?? throw new MLOps.ValidationException("AddTracking needs a workspace: call UseWorkspace(...) on the MLOps builder.");

            // Resolution is synchronous in the container; opening applies the tracking migrations once.
            return TrackingStore.OpenAsync(workspace, options).AsTask().GetAwaiter().GetResult();
        });
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<TrackingStore>().Models);
        builder.Services.TryAddSingleton<IRunMetricLogger>(sp => new RunMetricLogger(sp.GetRequiredService<TrackingStore>()));
        builder.Services.TryAddSingleton<MLOps.Inference.IModelArtifactResolver>(sp => new RegistryArtifactResolver(sp.GetRequiredService<TrackingStore>()));
        return builder;
    }
}
