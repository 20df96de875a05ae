using System.Buffers;
using System.Text.Json;

namespace MLOps.Serving.AspNetCore;

/// <summary>
/// Writes <c>/v2/models[/{model}[/versions/{version}]]/stats</c> in the shape of Triton's statistics
/// extension (<c>model_stats</c> with <c>inference_stats</c> and <c>batch_stats</c>, durations in ns), plus
/// the failure reasons, routed request counts and shadow comparisons of each version.
/// </summary>
internal static class StatisticsWriter
{
    public static void Write(IBufferWriter<byte> destination, IEnumerable<ServedModelVersion> versions)
    {
        using var json = new Utf8JsonWriter(destination);
        json.WriteStartObject();
        json.WriteStartArray("model_stats");
        foreach (var version in versions)
        {
            WriteVersion(json, version);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteVersion(Utf8JsonWriter json, ServedModelVersion version)
    {
        var stats = version.GetStatistics();
        json.WriteStartObject();
        json.WriteString("name", version.ModelName);
        json.WriteString("version", version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("state", version.State.ToString().ToLowerInvariant());
        json.WriteNumber("last_inference", stats.LastInference?.ToUnixTimeMilliseconds() ?? 0);
        json.WriteNumber("inference_count", stats.InferenceCount);
        json.WriteNumber("execution_count", stats.ExecutionCount);
        json.WriteNumber("pending_request_count", stats.PendingRequests);
        json.WriteNumber("routed_request_count", version.RoutedRequests);
        json.WriteStartObject("inference_stats");
        Duration(json, "success", stats.SuccessCount, stats.RequestDuration);
        Duration(json, "fail", stats.FailureCount, TimeSpan.Zero);
        Duration(json, "queue", stats.SuccessCount, stats.QueueDuration);
        Duration(json, "compute_input", 0, TimeSpan.Zero);
        Duration(json, "compute_infer", stats.ExecutionCount, stats.ComputeDuration);
        Duration(json, "compute_output", 0, TimeSpan.Zero);
        json.WriteEndObject();
        json.WriteStartObject("failure_reasons");
        json.WriteNumber("rejected", stats.RejectedCount);
        json.WriteNumber("deadline_exceeded", stats.DeadlineExceededCount);
        json.WriteNumber("cancelled", stats.CancelledCount);
        json.WriteNumber("failed", stats.FailedCount);
        json.WriteEndObject();
        json.WriteStartArray("batch_stats");
        foreach (var (size, count) in stats.BatchSizes)
        {
            json.WriteStartObject();
            json.WriteNumber("batch_size", size);
            json.WriteStartObject("compute_infer");
            json.WriteNumber("count", count);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        var shadow = version.GetShadowStatistics();
        if (shadow.Requests > 0)
        {
            json.WriteStartObject("shadow");
            json.WriteNumber("requests", shadow.Requests);
            json.WriteNumber("failures", shadow.Failures);
            json.WriteNumber("compared", shadow.Compared);
            json.WriteNumber("mismatches", shadow.Mismatches);
            json.WriteNumber("max_abs_difference", shadow.MaxAbsoluteDifference);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Duration(Utf8JsonWriter json, string name, long count, TimeSpan duration)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", count);
        json.WriteNumber("ns", (long)(duration.TotalMilliseconds * 1_000_000));
        json.WriteEndObject();
    }
}
