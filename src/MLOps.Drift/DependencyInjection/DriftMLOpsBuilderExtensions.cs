using Microsoft.Extensions.DependencyInjection.Extensions;
using MLOps.Drift;
using MLOps.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers drift detection in a host.</summary>
public static class DriftMLOpsBuilderExtensions
{
    /// <summary>
    /// Registers the <see cref="DriftOptions"/>, a <see cref="DriftAnalyzer"/> over them (using the
    /// container's <see cref="TimeProvider"/>) and the workspace's <see cref="ReferenceProfileStore"/>
    /// (opened when first resolved; needs <c>UseWorkspace</c>). Options are validated here, so a bad
    /// option fails at start-up naming the option. Calling it again replaces nothing.
    /// </summary>
    /// <param name="builder">The MLOps builder.</param>
    /// <param name="configure">Sets the options; the defaults choose a test per column like Evidently.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="MLOps.ValidationException">An option is out of range.</exception>
    public static IMLOpsBuilder AddDrift(this IMLOpsBuilder builder, Action<DriftOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new DriftOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.Services.TryAddSingleton(options);
        builder.Services.TryAddSingleton(sp => new DriftAnalyzer(sp.GetRequiredService<DriftOptions>(), sp.GetService<TimeProvider>()));
        builder.Services.TryAddSingleton(sp =>
        {
            var workspace = sp.GetService<MLOpsWorkspace>()
                ?? throw new MLOps.ValidationException("AddDrift needs a workspace for reference profiles: call UseWorkspace(...) on the MLOps builder.");

            // Resolution is synchronous in the container; opening applies the drift migration once.
            return ReferenceProfileStore.OpenAsync(workspace).AsTask().GetAwaiter().GetResult();
        });
        return builder;
    }
}
