namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>Names shared by the Open Inference Protocol (KServe v2) REST codec and its endpoints.</summary>
internal static class InferenceProtocol
{
    /// <summary>
    /// The HTTP header that, on a request or response, gives the length in bytes of the JSON header
    /// at the start of the body; the rest of the body is binary tensor data.
    /// </summary>
    public const string HeaderContentLengthHeader = "Inference-Header-Content-Length";

    /// <summary>The content type of a body that is JSON only.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>The content type of a body that carries binary tensor data after its JSON header.</summary>
    public const string BinaryContentType = "application/octet-stream";

    /// <summary>The largest tensor rank a request may declare.</summary>
    public const int MaxRank = 32;
}
