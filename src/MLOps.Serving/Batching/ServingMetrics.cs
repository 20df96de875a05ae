using System.Diagnostics.Metrics;

namespace MLOps.Serving;

/// <summary>
/// The serving instruments on the <c>MLOps.Serving</c> meter, named after Triton's
/// (<c>nv_inference_*</c> there, <c>mlops_inference_*</c> here) and tagged with <c>model</c> and
/// <c>version</c> (and <c>reason</c> on failures). OpenTelemetry and the Prometheus endpoint read them
/// with no adapter.
/// </summary>
public static class ServingMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "MLOps.Serving";

    internal static readonly Meter Meter = new(MeterName, "0.1.0");

    internal static readonly Counter<long> RequestSuccess = Meter.CreateCounter<long>("mlops_inference_request_success", "{request}", "Requests that returned outputs.");

    internal static readonly Counter<long> RequestFailure = Meter.CreateCounter<long>("mlops_inference_request_failure", "{request}", "Requests that failed, by reason (rejected, deadline_exceeded, cancelled, failed).");

    internal static readonly Counter<long> InferenceCount = Meter.CreateCounter<long>("mlops_inference_count", "{row}", "Rows run; divided by the execution count it is the mean batch size.");

    internal static readonly Counter<long> ExecutionCount = Meter.CreateCounter<long>("mlops_inference_exec_count", "{batch}", "Batches run.");

    internal static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("mlops_inference_request_duration_us", "us", "Time from arrival to answer of successful requests.");

    internal static readonly Histogram<double> QueueDuration = Meter.CreateHistogram<double>("mlops_inference_queue_duration_us", "us", "Time successful requests spent queued.");

    internal static readonly Histogram<double> ComputeDuration = Meter.CreateHistogram<double>("mlops_inference_compute_infer_duration_us", "us", "Time batches spent in the executor.");

    internal static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("mlops_inference_batch_size", "{row}", "Rows per batch.");

    internal static readonly UpDownCounter<long> PendingRequests = Meter.CreateUpDownCounter<long>("mlops_inference_pending_request_count", "{request}", "Requests waiting in a queue.");

    internal static string ReasonTag(InferenceOutcome outcome) => outcome switch
    {
        InferenceOutcome.Rejected => "rejected",
        InferenceOutcome.DeadlineExceeded => "deadline_exceeded",
        InferenceOutcome.Cancelled => "cancelled",
        _ => "failed",
    };
}
