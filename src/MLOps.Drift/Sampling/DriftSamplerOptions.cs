namespace MLOps.Drift;

/// <summary>How a <see cref="DriftSampler"/> samples and buffers inference traffic.</summary>
public sealed class DriftSamplerOptions
{
    /// <summary>The share of offered requests kept (each request's rows are kept or skipped whole).</summary>
    /// <value>The default value is 1.0 (every request). It must be in (0, 1].</value>
    public double SampleRate { get; set; } = 1.0;

    /// <summary>The most request batches waiting for the monitor; beyond it offers are dropped and counted.</summary>
    /// <value>The default value is 1024. It must be at least 1.</value>
    public int Capacity { get; set; } = 1024;

    /// <summary>The seed of the sampling decisions.</summary>
    /// <value>The default value is 17.</value>
    public int Seed { get; set; } = 17;

    /// <summary>The prefix given to output columns whose names collide with input columns.</summary>
    /// <value>The default value is <c>"output."</c>.</value>
    public string OutputPrefix { get; set; } = "output.";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(SampleRate > 0 && SampleRate <= 1))
        {
            throw new ValidationException($"DriftSamplerOptions.SampleRate must be in (0, 1]; it is {SampleRate}.");
        }

        if (Capacity < 1)
        {
            throw new ValidationException($"DriftSamplerOptions.Capacity must be at least 1; it is {Capacity}.");
        }

        if (string.IsNullOrEmpty(OutputPrefix))
        {
            throw new ValidationException("DriftSamplerOptions.OutputPrefix must not be empty.");
        }
    }
}
