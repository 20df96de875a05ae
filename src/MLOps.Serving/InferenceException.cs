namespace MLOps.Serving;

/// <summary>
/// A request that did not succeed for a serving reason: refused by a full queue, past its deadline, or
/// the executor failed on its batch. (Cancellation surfaces as <see cref="OperationCanceledException"/>;
/// bad inputs as <see cref="ValidationException"/>; an unknown model as <see cref="NotFoundException"/>.)
/// </summary>
public sealed class InferenceException : MLOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="outcome">How the request ended.</param>
    /// <param name="message">What happened, naming the model and version.</param>
    /// <param name="innerException">The executor's error, for <see cref="InferenceOutcome.Failed"/>.</param>
    public InferenceException(InferenceOutcome outcome, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Outcome = outcome;
    }

    /// <summary>How the request ended: <see cref="InferenceOutcome.Rejected"/>, <see cref="InferenceOutcome.DeadlineExceeded"/> or <see cref="InferenceOutcome.Failed"/>.</summary>
    public InferenceOutcome Outcome { get; }

    /// <inheritdoc />
    public override MLOpsErrorKind Kind => Outcome == InferenceOutcome.Failed ? MLOpsErrorKind.Validation : MLOpsErrorKind.Unavailable;
}
