using MLOps.Tensors;

namespace MLOps.Inference;

/// <summary>One answered inference request, as an <see cref="IInferenceObserver"/> sees it.</summary>
/// <param name="ModelName">The model that answered.</param>
/// <param name="ModelVersion">The version that answered.</param>
/// <param name="InputNames">The model's input names, in signature order.</param>
/// <param name="Inputs">The request's input tensors, in signature order; dimension 0 is the request's rows.</param>
/// <param name="OutputNames">The model's output names, in signature order.</param>
/// <param name="Outputs">The output tensors, in signature order, with the same rows.</param>
/// <param name="Timestamp">When the answer was ready.</param>
public sealed record InferenceObservation(
    string ModelName,
    string ModelVersion,
    IReadOnlyList<string> InputNames,
    IReadOnlyList<Tensor> Inputs,
    IReadOnlyList<string> OutputNames,
    IReadOnlyList<Tensor> Outputs,
    DateTimeOffset Timestamp);
