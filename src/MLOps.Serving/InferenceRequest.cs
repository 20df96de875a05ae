using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>
/// One inference call: a tensor per model input, each with the same number of rows in its first
/// (batch) dimension, plus how urgently and how long it may wait.
/// </summary>
public sealed class InferenceRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="inputs">One tensor per model input, in the order of <see cref="ModelSignature.Inputs"/>.</param>
    public InferenceRequest(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Inputs = inputs;
    }

    /// <summary>Creates a request for a single-input model.</summary>
    /// <param name="input">The input tensor.</param>
    public InferenceRequest(Tensor input)
        : this([input ?? throw new ArgumentNullException(nameof(input))])
    {
    }

    /// <summary>One tensor per model input, in signature order.</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>The priority level, 0 the most urgent; null for the batcher's default level.</summary>
    public int? Priority { get; init; }

    /// <summary>How long the request may wait and run in all; past it, a request not yet running is dropped with <see cref="InferenceOutcome.DeadlineExceeded"/>. Null for no deadline.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The caller's correlation id, echoed in the response; may be null.</summary>
    public string? Id { get; init; }
}
