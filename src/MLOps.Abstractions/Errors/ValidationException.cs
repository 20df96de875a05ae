namespace MLOps;

/// <summary>Raised when input is malformed or out of range: a bad name, a bad file, a wrong type or shape.</summary>
public sealed class ValidationException : MLOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ValidationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override MLOpsErrorKind Kind => MLOpsErrorKind.Validation;
}
