using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>An Open Inference Protocol inference request, decoded and checked against a model's signature.</summary>
internal sealed class DecodedInferRequest
{
    /// <summary>The request's <c>id</c>, echoed in the response; null when the request has none.</summary>
    public string? Id { get; init; }

    /// <summary>One tensor per model input, in the order of <see cref="ModelSignature.Inputs"/>.</summary>
    public required Tensor[] Inputs { get; init; }

    /// <summary>
    /// The outputs to return, in the order the request lists them, or every output in signature
    /// order when it lists none. Each says whether it goes back as binary data. Do not modify: the
    /// every-output list is shared between requests.
    /// </summary>
    public required IReadOnlyList<RequestedOutput> Outputs { get; init; }

    /// <summary>Whether the request listed its outputs (rather than taking all of them).</summary>
    public bool OutputsListed { get; init; }

    /// <summary>The request parameter <c>priority</c>; null when absent.</summary>
    public int? Priority { get; init; }

    /// <summary>The request parameter <c>timeout</c> (sent in microseconds); null when absent or zero.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Whether any requested output goes back as binary data, so the response needs the header-length header.</summary>
    public bool HasBinaryOutput
    {
        get
        {
            for (var i = 0; i < Outputs.Count; i++)
            {
                if (Outputs[i].Binary)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
