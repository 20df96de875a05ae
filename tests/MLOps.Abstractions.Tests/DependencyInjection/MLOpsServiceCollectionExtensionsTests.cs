using Microsoft.Extensions.DependencyInjection;

namespace MLOps.Abstractions.Tests.DependencyInjection;

public sealed class MLOpsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddMLOps_returns_a_builder_over_the_same_services()
    {
        var services = new ServiceCollection();
        var builder = services.AddMLOps();
        Assert.Same(services, builder.Services);
    }

    [Fact]
    public void AddMLOps_registers_the_system_time_provider_once()
    {
        var services = new ServiceCollection();
        var first = services.AddMLOps();
        var second = services.AddMLOps();
        services.AddMLOps(_ => { });

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
        Assert.Same(TimeProvider.System, descriptor.ImplementationInstance);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.Same(first.Services, second.Services);
    }

    [Fact]
    public void AddMLOps_keeps_a_time_provider_registered_earlier()
    {
        var services = new ServiceCollection();
        var custom = new FixedTimeProvider();
        services.AddSingleton<TimeProvider>(custom);

        services.AddMLOps();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
        Assert.Same(custom, descriptor.ImplementationInstance);
    }

    [Fact]
    public void AddMLOps_runs_the_configure_callback_once_with_the_builder()
    {
        var services = new ServiceCollection();
        var calls = new List<IMLOpsBuilder>();

        var builder = services.AddMLOps(calls.Add);

        Assert.Same(builder, Assert.Single(calls));
        Assert.Same(services, builder.Services);
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }

    [Fact]
    public void AddMLOps_rejects_null_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddMLOps());
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddMLOps(_ => { }));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddMLOps(null!));
    }

    private sealed class FixedTimeProvider : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch;
    }
}
