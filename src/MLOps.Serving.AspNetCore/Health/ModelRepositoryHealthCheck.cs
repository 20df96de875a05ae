using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MLOps.Serving.AspNetCore;

/// <summary>Healthy when every served model has a ready version; unhealthy (naming the models that are not) otherwise.</summary>
public sealed class ModelRepositoryHealthCheck : IHealthCheck
{
    private readonly ModelRepository _repository;

    /// <summary>Creates the check.</summary>
    /// <param name="repository">The repository whose models are checked.</param>
    public ModelRepositoryHealthCheck(ModelRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var models = _repository.Models;
        var notReady = models.Where(m => !m.IsReady).Select(m => m.LastError is null ? m.Name : $"{m.Name} ({m.LastError})").ToList();
        var data = models.ToDictionary(m => m.Name, m => (object)(m.IsReady ? "ready" : "not ready"), StringComparer.Ordinal);
        return Task.FromResult(notReady.Count == 0
            ? HealthCheckResult.Healthy($"{models.Count} model(s) ready.", data)
            : HealthCheckResult.Unhealthy($"Not ready: {string.Join(", ", notReady)}.", data: data));
    }
}
