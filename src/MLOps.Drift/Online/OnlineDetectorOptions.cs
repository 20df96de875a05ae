namespace MLOps.Drift;

/// <summary>Settings shared by the online detectors (<see cref="OnlineCramerVonMisesDetector"/>, <see cref="OnlineMmdDetector"/>).</summary>
public sealed class OnlineDetectorOptions
{
    /// <summary>The number of most recent values (or rows) the statistic is computed on.</summary>
    /// <value>The default value is 50. It must be at least 2.</value>
    public int WindowSize { get; set; } = 50;

    /// <summary>The expected run time: the average number of updates between false alarms when nothing drifts.</summary>
    /// <value>The default value is 500. It must be at least 2.</value>
    public int ExpectedRunTime { get; set; } = 500;

    /// <summary>The number of no-drift windows simulated to calibrate the threshold.</summary>
    /// <value>The default value is 5000. It must be at least <see cref="ExpectedRunTime"/> (the threshold is a 1 − 1/ERT quantile).</value>
    public int Simulations { get; set; } = 5000;

    /// <summary>The most reference rows the MMD detector keeps as its reference set.</summary>
    /// <value>The default value is 500. It must be at least 2.</value>
    public int MaxReferenceRows { get; set; } = 500;

    /// <summary>The seed of the reference split and the simulations.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (WindowSize < 2)
        {
            throw new ValidationException($"OnlineDetectorOptions.WindowSize must be at least 2; it is {WindowSize}.");
        }

        if (ExpectedRunTime < 2)
        {
            throw new ValidationException($"OnlineDetectorOptions.ExpectedRunTime must be at least 2; it is {ExpectedRunTime}.");
        }

        if (Simulations < ExpectedRunTime)
        {
            throw new ValidationException($"OnlineDetectorOptions.Simulations ({Simulations}) must be at least ExpectedRunTime ({ExpectedRunTime}): the threshold is the 1 - 1/ERT quantile of the simulations.");
        }

        if (MaxReferenceRows < 2)
        {
            throw new ValidationException($"OnlineDetectorOptions.MaxReferenceRows must be at least 2; it is {MaxReferenceRows}.");
        }
    }

    /// <summary>The threshold: the ⌈(1 − 1/ERT)·S⌉-th smallest of S simulated statistics.</summary>
    internal double Quantile(double[] simulated)
    {
        Array.Sort(simulated);
        int index = (int)Math.Ceiling((1 - (1.0 / ExpectedRunTime)) * simulated.Length) - 1;
        return simulated[Math.Clamp(index, 0, simulated.Length - 1)];
    }
}
