namespace MLOps.Tracking;

/// <summary>How a long metric history is reduced to at most a given number of points.</summary>
public enum DownsamplingMethod
{
    /// <summary>
    /// Largest-Triangle-Three-Buckets: one point per bucket, the one that keeps the visual shape
    /// (peaks, drops); the first and last points are always kept. Non-finite values are always kept.
    /// </summary>
    Lttb,

    /// <summary>
    /// The minimum and the maximum of each bucket, in step order: every extreme survives (a NaN takes a
    /// bucket's maximum slot). With a budget of 3 points there is no room for a pair, and LTTB is used.
    /// </summary>
    MinMax,
}
