using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MLOps.Inference;
using MLOps;
using MLOps.Serving;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers model serving in a host.</summary>
public static class ServingMLOpsBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="ModelRepository"/> (a singleton, disposed with the container) and a hosted
    /// service that loads the declared models at start-up and follows registry aliases. Observers
    /// registered as <see cref="IInferenceObserver"/> see every inference; an
    /// <see cref="IModelArtifactResolver"/> (registered by <c>AddTracking()</c>) lets models come from the registry.
    /// </summary>
    /// <param name="builder">The MLOps builder.</param>
    /// <param name="configure">Declares the models.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ValidationException">A declaration or option is invalid; the message names it.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddMLOps().AddServing(s => s
    ///     .AddModel("mlp", "models/mlp.onnx", c => c.Batching.MaxBatchSize = 32)
    ///     .AddRegistryModel("churn", "model:churn@champion"));
    /// </code>
    /// </example>
    public static IMLOpsBuilder AddServing(this IMLOpsBuilder builder, Action<ServingBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var serving = new ServingBuilder(builder.Services);
        configure(serving);
        serving.DefaultConfig.Validate();
        if (serving.RegistryPollInterval is { } interval && interval <= TimeSpan.Zero)
        {
            throw new ValidationException($"ServingBuilder.RegistryPollInterval is {interval}; it must be positive or null.");
        }

        builder.Services.AddSingleton(serving);
        builder.Services.TryAddSingleton(sp => new ModelRepository(new ModelRepositoryOptions
        {
            TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System,
            DefaultConfig = serving.DefaultConfig,
            ArtifactResolver = sp.GetService<IModelArtifactResolver>(),
            Observers = [.. sp.GetServices<IInferenceObserver>()],
        }));
        builder.Services.AddSingleton<IHostedService, ModelLoaderService>();
        return builder;
    }
}
