namespace MLOps;

/// <summary>Raised when stored data does not match what it claims to be, such as a blob whose content no longer hashes to its name.</summary>
public sealed class CorruptException : MLOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public CorruptException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override MLOpsErrorKind Kind => MLOpsErrorKind.Corrupt;
}
