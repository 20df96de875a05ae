using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>Checks a request against a model's signature before it is queued, so a bad request never reaches a batch.</summary>
internal sealed class RequestValidator
{
    private readonly string _model;
    private readonly ModelSignature _signature;

    public RequestValidator(string model, ModelSignature signature)
    {
        _model = model;
        _signature = signature;
        Batchable = signature.Inputs.Count > 0
            && signature.Inputs.All(HasBatchDimension)
            && signature.Outputs.All(o => o.Dimensions is null || HasBatchDimension(o));
    }

    /// <summary>Whether the model's inputs and outputs all lead with a varying (batch) dimension.</summary>
    public bool Batchable { get; }

    /// <summary>Checks the request and returns its rows (1 for models without a batch dimension).</summary>
    /// <exception cref="ValidationException">A tensor is missing, of the wrong type or shape, or the inputs disagree on rows.</exception>
    public int Validate(InferenceRequest request)
    {
        var inputs = request.Inputs;
        var expected = _signature.Inputs;
        if (inputs.Count != expected.Count)
        {
            throw new ValidationException($"Model '{_model}' takes {expected.Count} input(s) ({string.Join(", ", expected.Select(i => $"'{i.Name}'"))}); the request has {inputs.Count}.");
        }

        var rows = -1;
        for (var i = 0; i < inputs.Count; i++)
        {
            var tensor = inputs[i] ?? throw new ValidationException($"Input '{expected[i].Name}' of model '{_model}' is null.");
            var spec = expected[i];
            if (spec.ElementType is { } type && tensor.ElementType != type)
            {
                throw new ValidationException($"Input '{spec.Name}' of model '{_model}' is {type.ToDatatypeName()}; the request sent {tensor.ElementType.ToDatatypeName()}.");
            }

            CheckShape(spec, tensor);
            if (!Batchable)
            {
                continue;
            }

            var inputRows = tensor.Shape[0];
            if (rows >= 0 && inputRows != rows)
            {
                throw new ValidationException($"The inputs of model '{_model}' disagree on rows: '{expected[0].Name}' has {rows}, '{spec.Name}' has {inputRows}.");
            }

            rows = inputRows;
        }

        if (!Batchable)
        {
            return 1;
        }

        if (rows == 0)
        {
            throw new ValidationException($"The request to model '{_model}' has no rows.");
        }

        return rows;
    }

    private static bool HasBatchDimension(TensorSignature tensor) =>
        tensor.Dimensions is { Count: > 0 } dimensions && !dimensions[0].IsFixed;

    private void CheckShape(TensorSignature spec, Tensor tensor)
    {
        if (spec.Dimensions is not { } dimensions)
        {
            return;
        }

        if (tensor.Rank != dimensions.Count)
        {
            throw new ValidationException($"Input '{spec.Name}' of model '{_model}' has shape {FormatShape(dimensions)}; the request sent {tensor.Shape} (rank {tensor.Rank}, expected {dimensions.Count}).");
        }

        for (var d = 0; d < dimensions.Count; d++)
        {
            if (dimensions[d].Size is { } size && tensor.Shape[d] != size)
            {
                throw new ValidationException($"Input '{spec.Name}' of model '{_model}' has shape {FormatShape(dimensions)}; the request sent {tensor.Shape} (dimension {d} must be {size}).");
            }
        }
    }

    private static string FormatShape(IReadOnlyList<TensorDimension> dimensions) => "[" + string.Join(", ", dimensions) + "]";
}
