using Microsoft.Extensions.DependencyInjection.Extensions;
using MLOps.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a workspace as the store of every MLOps package in a host.</summary>
public static class StorageMLOpsBuilderExtensions
{
    /// <summary>
    /// Registers the workspace (a singleton, opened when first resolved), its <see cref="IBlobStore"/> and
    /// its <see cref="ISqlDatabase"/>. Options are validated here, at registration, so a bad option fails
    /// at start-up naming the option. Calling it again replaces nothing (the first registration wins).
    /// </summary>
    /// <param name="builder">The MLOps builder.</param>
    /// <param name="configure">Sets the options; by default the workspace is <c>.mlops</c> with SQLite.</param>
    /// <returns>The builder.</returns>
    public static IMLOpsBuilder UseWorkspace(this IMLOpsBuilder builder, Action<WorkspaceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new WorkspaceOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.Services.TryAddSingleton(sp =>
        {
            if (options.TimeProvider == TimeProvider.System && sp.GetService<TimeProvider>() is { } time)
            {
                options.TimeProvider = time;
            }

            // Resolution is synchronous in the container; opening is local I/O (or one round trip to
            // PostgreSQL), done once for the singleton.
            return MLOpsWorkspace.OpenAsync(options).AsTask().GetAwaiter().GetResult();
        });
        builder.Services.TryAddSingleton<IBlobStore>(sp => sp.GetRequiredService<MLOpsWorkspace>().Blobs);
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<MLOpsWorkspace>().Database);
        return builder;
    }
}
