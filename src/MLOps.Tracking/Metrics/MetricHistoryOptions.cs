namespace MLOps.Tracking;

/// <summary>What part of a metric's history to read and how to reduce it.</summary>
public sealed class MetricHistoryOptions
{
    /// <summary>The most points to return; longer histories are downsampled.</summary>
    /// <value>The default value is null: every point.</value>
    public int? MaxPoints { get; set; }

    /// <summary>How to downsample when the history has more than <see cref="MaxPoints"/> points.</summary>
    /// <value>The default value is <see cref="DownsamplingMethod.Lttb"/>.</value>
    public DownsamplingMethod Method { get; set; } = DownsamplingMethod.Lttb;

    /// <summary>The first step to include.</summary>
    /// <value>The default value is null: from the first step.</value>
    public long? FromStep { get; set; }

    /// <summary>The last step to include.</summary>
    /// <value>The default value is null: to the last step.</value>
    public long? ToStep { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxPoints is < 3)
        {
            throw new ValidationException($"MetricHistoryOptions.MaxPoints is {MaxPoints}; ask for at least 3 points (or null for all).");
        }

        if (!Enum.IsDefined(Method))
        {
            throw new ValidationException($"MetricHistoryOptions.Method is {(int)Method}; use Lttb or MinMax.");
        }

        if (FromStep is { } from && ToStep is { } to && from > to)
        {
            throw new ValidationException($"MetricHistoryOptions.FromStep ({from}) is after ToStep ({to}).");
        }
    }
}
