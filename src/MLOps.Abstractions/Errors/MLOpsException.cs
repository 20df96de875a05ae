namespace MLOps;

/// <summary>
/// The root of every error the MLOps suite raises on purpose. Messages say what went wrong and
/// where (the name, path, line, column or tensor involved), so they can be shown to a user as is.
/// </summary>
public abstract class MLOpsException : Exception
{
    /// <summary>Creates the exception with a message and an optional cause.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    protected MLOpsException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The kind of failure, stable across versions and suitable for exit codes and HTTP mapping.</summary>
    public abstract MLOpsErrorKind Kind { get; }
}
