using MLOps.Data;

namespace MLOps.Drift;

/// <summary>
/// Where a serving pipeline hands inference inputs (and outputs) for drift monitoring. The seam a
/// serving middleware calls on every request: it must never block or throw on the request path.
/// </summary>
public interface IDriftSink
{
    /// <summary>Offers one request's rows; returns at once.</summary>
    /// <param name="inputs">The model's input rows.</param>
    /// <param name="outputs">The model's output rows (same row count), or null.</param>
    /// <returns>True when the rows were queued (or deliberately not sampled); false when they were dropped because the queue was full.</returns>
    bool TryOffer(RecordBatch inputs, RecordBatch? outputs = null);
}
