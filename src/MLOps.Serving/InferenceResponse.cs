using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>
/// A successful inference: the outputs for the request's rows, in signature order. When the request
/// ran in a batch, each output is a view of the batch's output, not a copy.
/// </summary>
public sealed class InferenceResponse
{
    /// <summary>Creates a response.</summary>
    /// <param name="modelName">The model that answered.</param>
    /// <param name="modelVersion">The version that answered.</param>
    /// <param name="signature">The version's signature.</param>
    /// <param name="outputs">One tensor per signature output.</param>
    /// <param name="id">The request's correlation id.</param>
    public InferenceResponse(string modelName, string modelVersion, ModelSignature signature, IReadOnlyList<Tensor> outputs, string? id = null)
    {
        ModelName = modelName;
        ModelVersion = modelVersion;
        Signature = signature;
        Outputs = outputs;
        Id = id;
    }

    /// <summary>The model that answered.</summary>
    public string ModelName { get; }

    /// <summary>The version that answered (a routed request reports the version routing chose).</summary>
    public string ModelVersion { get; }

    /// <summary>The signature of the version that answered.</summary>
    public ModelSignature Signature { get; }

    /// <summary>One tensor per output, in the order of <see cref="ModelSignature.Outputs"/>; the first dimension is the request's rows.</summary>
    public IReadOnlyList<Tensor> Outputs { get; }

    /// <summary>The request's correlation id, or null.</summary>
    public string? Id { get; }

    /// <summary>The output with a name.</summary>
    /// <param name="name">The output name.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="NotFoundException">The model has no such output.</exception>
    public Tensor this[string name]
    {
        get
        {
            var index = Signature.IndexOfOutput(name);
            return index >= 0
                ? Outputs[index]
                : throw new NotFoundException($"Model '{ModelName}' has no output '{name}'; its outputs are {string.Join(", ", Signature.Outputs.Select(o => $"'{o.Name}'"))}.");
        }
    }
}
