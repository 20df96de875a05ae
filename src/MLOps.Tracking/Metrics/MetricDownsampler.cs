namespace MLOps.Tracking.Metrics;

/// <summary>
/// Reduces a step-ordered series to at most a given number of points. Both methods return a subset of
/// the input in its order, always keep the first and the last point, and return the input unchanged
/// when it is already small enough.
/// </summary>
internal static class MetricDownsampler
{
    public static IReadOnlyList<MetricPoint> Downsample(IReadOnlyList<MetricPoint> points, int maxPoints, DownsamplingMethod method)
    {
        if (points.Count <= maxPoints)
        {
            return points;
        }

        return method == DownsamplingMethod.MinMax ? MinMax(points, maxPoints) : Lttb(points, maxPoints);
    }

    /// <summary>
    /// Largest-Triangle-Three-Buckets (Steinarsson, 2013): the interior is split into
    /// <c>maxPoints - 2</c> buckets; from each, the point forming the largest triangle with the point
    /// chosen before and the average of the next bucket is kept. A NaN or infinite value has an
    /// infinite area, so divergence is never smoothed away.
    /// </summary>
    public static IReadOnlyList<MetricPoint> Lttb(IReadOnlyList<MetricPoint> points, int maxPoints)
    {
        var result = new List<MetricPoint>(maxPoints) { points[0] };
        var buckets = maxPoints - 2;
        var width = (double)(points.Count - 2) / buckets;
        var previous = points[0];
        for (var b = 0; b < buckets; b++)
        {
            var start = 1 + (int)Math.Floor(b * width);
            var end = 1 + (int)Math.Floor((b + 1) * width);
            var (nextX, nextY) = Average(points, end, b == buckets - 1 ? points.Count : 1 + (int)Math.Floor((b + 2) * width));
            var bestArea = -1.0;
            var best = start;
            for (var i = start; i < end; i++)
            {
                var p = points[i];
                var area = double.IsFinite(p.Value)
                    ? Math.Abs(((previous.Step - nextX) * (p.Value - Finite(previous.Value))) - ((previous.Step - p.Step) * (nextY - Finite(previous.Value))))
                    : double.PositiveInfinity;
                if (area > bestArea)
                {
                    bestArea = area;
                    best = i;
                }
            }

            previous = points[best];
            result.Add(previous);
        }

        result.Add(points[^1]);
        return result;
    }

    /// <summary>
    /// Min/max buckets: the interior is split into <c>(maxPoints - 2) / 2</c> buckets and each keeps its
    /// lowest and highest point (a NaN point counts as an extreme), in step order.
    /// </summary>
    public static IReadOnlyList<MetricPoint> MinMax(IReadOnlyList<MetricPoint> points, int maxPoints)
    {
        var buckets = (maxPoints - 2) / 2;
        if (buckets == 0)
        {
            // A budget of 3 leaves room for one interior point, not a min/max pair.
            return Lttb(points, maxPoints);
        }

        var result = new List<MetricPoint>(maxPoints) { points[0] };
        var width = (double)(points.Count - 2) / buckets;
        for (var b = 0; b < buckets; b++)
        {
            var start = 1 + (int)Math.Floor(b * width);
            var end = 1 + (int)Math.Floor((b + 1) * width);
            if (start >= end)
            {
                continue;
            }

            int min = -1, max = -1;
            for (var i = start; i < end; i++)
            {
                var value = points[i].Value;
                if (double.IsNaN(value))
                {
                    // The first NaN of a bucket takes the "max" slot, so divergence stays visible.
                    if (max < 0 || !double.IsNaN(points[max].Value))
                    {
                        max = i;
                    }

                    continue;
                }

                if (min < 0 || value < points[min].Value)
                {
                    min = i;
                }

                if (max < 0 || (!double.IsNaN(points[max].Value) && value > points[max].Value))
                {
                    max = i;
                }
            }

            if (min < 0)
            {
                min = max;
            }

            result.Add(points[Math.Min(min, max)]);
            if (min != max)
            {
                result.Add(points[Math.Max(min, max)]);
            }
        }

        result.Add(points[^1]);
        return result;
    }

    private static (double X, double Y) Average(IReadOnlyList<MetricPoint> points, int start, int end)
    {
        double x = 0, y = 0;
        var finite = 0;
        for (var i = start; i < end; i++)
        {
            x += points[i].Step;
            if (double.IsFinite(points[i].Value))
            {
                y += points[i].Value;
                finite++;
            }
        }

        var count = Math.Max(1, end - start);
        return (x / count, finite == 0 ? 0 : y / finite);
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
