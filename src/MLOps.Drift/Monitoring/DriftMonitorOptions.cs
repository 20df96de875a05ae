namespace MLOps.Drift;

/// <summary>How a <see cref="DriftMonitor"/> cuts a stream into windows and tests them.</summary>
public sealed class DriftMonitorOptions
{
    /// <summary>The monitor's name, used as the <c>monitor</c> tag of its metrics.</summary>
    /// <value>The default value is <c>"default"</c>.</value>
    public string Name { get; set; } = "default";

    /// <summary>The rows per window.</summary>
    /// <value>The default value is 1000. It must be at least 2.</value>
    public int WindowSize { get; set; } = 1000;

    /// <summary>The rows between two evaluations: equal to <see cref="WindowSize"/> for tumbling windows, smaller for sliding windows.</summary>
    /// <value>The default value is null: tumbling windows (the step is the window size). It must be between 1 and <see cref="WindowSize"/>.</value>
    public int? Step { get; set; }

    /// <summary>The comparison settings for each window (tests, correction, dataset drift share).</summary>
    /// <value>The default value is a new <see cref="DriftOptions"/>.</value>
    public DriftOptions Drift { get; set; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ValidationException("DriftMonitorOptions.Name must not be empty.");
        }

        if (WindowSize < 2)
        {
            throw new ValidationException($"DriftMonitorOptions.WindowSize must be at least 2; it is {WindowSize}.");
        }

        if (Step is { } step && (step < 1 || step > WindowSize))
        {
            throw new ValidationException($"DriftMonitorOptions.Step must be between 1 and WindowSize ({WindowSize}); it is {step}.");
        }

        if (Drift is null)
        {
            throw new ValidationException("DriftMonitorOptions.Drift must not be null.");
        }

        Drift.Validate();
    }
}
