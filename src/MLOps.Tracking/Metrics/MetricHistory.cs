namespace MLOps.Tracking;

/// <summary>A metric's history as read: the points in step order, and how many there were before downsampling.</summary>
/// <param name="Key">The metric key.</param>
/// <param name="Points">The points, in step order (then timestamp).</param>
/// <param name="TotalPoints">How many points the history (within the step range) holds.</param>
/// <param name="Method">The downsampling applied, or null when every point is returned.</param>
public sealed record MetricHistory(string Key, IReadOnlyList<MetricPoint> Points, long TotalPoints, DownsamplingMethod? Method);
