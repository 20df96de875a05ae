using MLOps.FeatureStore;
using MLOps.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the feature store in a host.</summary>
public static class FeatureStoreMLOpsBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="FeatureRepository"/> singleton over the registered workspace (see
    /// <c>UseWorkspace</c>), opened when first resolved with the definitions in the registry. Options are
    /// validated here. Calling it again replaces nothing.
    /// </summary>
    /// <param name="builder">The MLOps builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IMLOpsBuilder AddFeatureStore(this IMLOpsBuilder builder, Action<FeatureStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new FeatureStoreOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.Services.TryAddSingleton(sp => FeatureRepository.OpenAsync(sp.GetRequiredService<MLOpsWorkspace>(), options).AsTask().GetAwaiter().GetResult());
        return builder;
    }
}
