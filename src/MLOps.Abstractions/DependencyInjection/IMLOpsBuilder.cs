namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <see cref="MLOpsServiceCollectionExtensions.AddMLOps(IServiceCollection)"/>; each MLOps
/// package hangs its own <c>AddXxx</c> extension methods off it (<c>.AddTracking()</c>,
/// <c>.AddServing(…)</c>).
/// </summary>
public interface IMLOpsBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
