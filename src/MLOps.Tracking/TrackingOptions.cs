namespace MLOps.Tracking;

/// <summary>
/// How a <see cref="TrackingStore"/> behaves. Plain settings with documented defaults, validated when
/// the store opens (or when <c>AddTracking</c> is called), failing with a message naming the option.
/// </summary>
public sealed class TrackingOptions
{
    /// <summary>
    /// How many metric points may wait in memory for the background writer. When it is full,
    /// <see cref="ActiveRun.LogMetric(string, double, long?)"/> waits for room: only a producer faster than
    /// the database for a long stretch ever waits.
    /// </summary>
    /// <value>The default value is 262,144 points (about 15 MB).</value>
    public int MetricBufferCapacity { get; set; } = 262_144;

    /// <summary>The most metric points the writer commits in one transaction.</summary>
    /// <value>The default value is 100,000 points.</value>
    public int MaxMetricBatchSize { get; set; } = 100_000;

    /// <summary>How often an active run records that its process is alive.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a RUNNING run may go without a heartbeat before <see cref="RunCatalog.SweepDeadRunsAsync"/>
    /// marks it KILLED. Must be longer than <see cref="HeartbeatInterval"/>.
    /// </summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan DeadRunTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a starting run records its source (user, host, git commit, entry assembly).</summary>
    /// <value>The default value is true.</value>
    public bool CaptureSource { get; set; } = true;

    /// <summary>The user recorded on runs and alias changes; null means the operating-system user.</summary>
    /// <value>The default value is null.</value>
    public string? User { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MetricBufferCapacity is < 1 or > 100_000_000)
        {
            throw new ValidationException($"TrackingOptions.MetricBufferCapacity is {MetricBufferCapacity}; use 1 to 100,000,000 points.");
        }

        if (MaxMetricBatchSize is < 1 or > 10_000_000)
        {
            throw new ValidationException($"TrackingOptions.MaxMetricBatchSize is {MaxMetricBatchSize}; use 1 to 10,000,000 points.");
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(10) || HeartbeatInterval > TimeSpan.FromDays(1))
        {
            throw new ValidationException($"TrackingOptions.HeartbeatInterval is {HeartbeatInterval}; use 10 ms to 1 day.");
        }

        if (DeadRunTimeout <= HeartbeatInterval)
        {
            throw new ValidationException(
                $"TrackingOptions.DeadRunTimeout is {DeadRunTimeout}; it must be longer than HeartbeatInterval ({HeartbeatInterval}) or live runs would be marked KILLED.");
        }

        if (User is not null)
        {
            TrackingNames.Name(User, "TrackingOptions.User");
        }
    }
}
