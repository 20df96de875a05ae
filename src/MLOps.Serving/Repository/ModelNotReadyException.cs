namespace MLOps.Serving;

/// <summary>The model is known but has no version ready to take the request (still loading, or the named version is draining).</summary>
public sealed class ModelNotReadyException : MLOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is not ready, naming the model and version.</param>
    public ModelNotReadyException(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public override MLOpsErrorKind Kind => MLOpsErrorKind.Unavailable;
}
