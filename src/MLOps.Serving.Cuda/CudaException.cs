namespace MLOps.Serving.Cuda;

/// <summary>A CUDA, NVRTC or cuBLAS call failed; the message names the call and the error.</summary>
public sealed class CudaException : MLOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="call">The native function that failed, such as <c>cuMemAlloc_v2</c>.</param>
    /// <param name="code">Its status code.</param>
    /// <param name="errorName">The status code's name, such as <c>CUDA_ERROR_OUT_OF_MEMORY</c>.</param>
    /// <param name="detail">More context (a compile log, a node), or null.</param>
    public CudaException(string call, int code, string errorName, string? detail = null)
        : base($"{call} failed with {errorName} ({code.ToString(System.Globalization.CultureInfo.InvariantCulture)}){(detail is null ? "." : ": " + detail)}")
    {
        Call = call;
        Code = code;
        ErrorName = errorName;
    }

    /// <summary>The native function that failed.</summary>
    public string Call { get; }

    /// <summary>The status code it returned.</summary>
    public int Code { get; }

    /// <summary>The status code's name.</summary>
    public string ErrorName { get; }

    /// <inheritdoc />
    public override MLOpsErrorKind Kind => MLOpsErrorKind.Unavailable;
}
