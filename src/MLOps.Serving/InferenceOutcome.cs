namespace MLOps.Serving;

/// <summary>How an inference request ended. Every request ends exactly once, in one of these.</summary>
public enum InferenceOutcome
{
    /// <summary>The model ran and the outputs were returned.</summary>
    Success,

    /// <summary>The queue was full (or the model was shutting down) and the request was refused at once.</summary>
    Rejected,

    /// <summary>The request's deadline passed before it ran; it was dropped without running.</summary>
    DeadlineExceeded,

    /// <summary>The caller's token was cancelled before the request finished.</summary>
    Cancelled,

    /// <summary>The executor failed on the request's batch; only that batch's requests fail.</summary>
    Failed,
}
