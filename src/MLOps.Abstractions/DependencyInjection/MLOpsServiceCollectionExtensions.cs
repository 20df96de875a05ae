using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MLOps suite in a service collection.</summary>
public static class MLOpsServiceCollectionExtensions
{
    /// <summary>
    /// Starts MLOps registration. Calling it more than once is harmless and returns a builder over the
    /// same services. Registers <see cref="TimeProvider.System"/> unless a time provider is present.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder that package extensions hang off.</returns>
    public static IMLOpsBuilder AddMLOps(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        return new MLOpsBuilder(services);
    }

    /// <summary>Starts MLOps registration and runs a configuration callback on the builder.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds packages to the builder.</param>
    /// <returns>The builder.</returns>
    public static IMLOpsBuilder AddMLOps(this IServiceCollection services, Action<IMLOpsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddMLOps();
        configure(builder);
        return builder;
    }

    private sealed class MLOpsBuilder(IServiceCollection services) : IMLOpsBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
