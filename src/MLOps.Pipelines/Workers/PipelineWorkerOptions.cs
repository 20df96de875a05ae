namespace MLOps.Pipelines.Workers;

/// <summary>How a <see cref="PipelineWorker"/> claims and holds steps. Validated when the worker is created.</summary>
public sealed class PipelineWorkerOptions
{
    /// <summary>The worker's id, recorded on the steps it claims.</summary>
    /// <value>The default value is <c>HOST:PID:RANDOM</c>.</value>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How long a claim lasts without a heartbeat; after that another worker may take the step.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a claim is renewed while its step runs; must be less than <see cref="Lease"/>.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait before looking again when no step is ready.</summary>
    /// <value>The default value is 100 ms.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(WorkerId) || WorkerId.Length > 200)
        {
            throw new ValidationException("PipelineWorkerOptions.WorkerId must be 1 to 200 characters.");
        }

        if (Lease <= TimeSpan.Zero || HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval >= Lease)
        {
            throw new ValidationException($"PipelineWorkerOptions: Lease ({Lease}) and HeartbeatInterval ({HeartbeatInterval}) must be positive, the interval shorter than the lease.");
        }

        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromMinutes(1))
        {
            throw new ValidationException($"PipelineWorkerOptions.PollInterval must be between 0 and 1 minute (got {PollInterval}).");
        }
    }
}
