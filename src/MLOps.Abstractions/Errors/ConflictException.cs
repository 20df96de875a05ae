namespace MLOps;

/// <summary>Raised when a request contradicts stored state: a different value for an immutable field, a lost compare-and-swap, a database newer than the code.</summary>
public sealed class ConflictException : MLOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ConflictException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override MLOpsErrorKind Kind => MLOpsErrorKind.Conflict;
}
