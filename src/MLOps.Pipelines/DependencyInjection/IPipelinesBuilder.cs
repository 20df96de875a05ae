namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <see cref="PipelinesMLOpsBuilderExtensions.AddPipelines"/>; schedules hang off it.</summary>
public interface IPipelinesBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }
}
