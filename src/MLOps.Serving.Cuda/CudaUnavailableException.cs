namespace MLOps.Serving.Cuda;

/// <summary>
/// CUDA cannot be used here: a library is missing (the message lists every path searched), no device
/// exists, or the requested device is out of range.
/// </summary>
public sealed class CudaUnavailableException : MLOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and what was searched.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public CudaUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override MLOpsErrorKind Kind => MLOpsErrorKind.Unavailable;
}
