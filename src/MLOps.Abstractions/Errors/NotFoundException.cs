namespace MLOps;

/// <summary>Raised when something asked for (a run, a model, a blob, a column) does not exist.</summary>
public sealed class NotFoundException : MLOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public NotFoundException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override MLOpsErrorKind Kind => MLOpsErrorKind.NotFound;
}
