namespace MLOps.Serving.AspNetCore;

/// <summary>Options of the Open Inference Protocol endpoints.</summary>
public sealed class OpenInferenceOptions
{
    /// <summary>The largest request body an infer call accepts; larger ones get 413 with a message.</summary>
    /// <value>The default is 64 MiB.</value>
    public long MaxRequestBodySize { get; set; } = 64L * 1024 * 1024;

    /// <summary>The server name <c>GET /v2</c> reports.</summary>
    /// <value>The default is <c>mlops</c>.</value>
    public string ServerName { get; set; } = "mlops";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range.</exception>
    public void Validate()
    {
        if (MaxRequestBodySize < 1024)
        {
            throw new ValidationException($"OpenInferenceOptions.MaxRequestBodySize is {MaxRequestBodySize}; it must be at least 1024 bytes.");
        }

        if (string.IsNullOrWhiteSpace(ServerName))
        {
            throw new ValidationException("OpenInferenceOptions.ServerName is empty.");
        }
    }
}
