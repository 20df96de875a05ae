using MLOps.Serving;
using MLOps.Tensors;

namespace MLOps.Cli.Commands.Model;

/// <summary>A model input or output as the CLI prints it: dimensions are numbers or symbol names.</summary>
/// <param name="Name">The tensor name.</param>
/// <param name="Type">The datatype name (FP32, INT64, …), or the ONNX type for others.</param>
/// <param name="Shape">Each dimension: its size, its symbol, or "?".</param>
internal sealed record TensorView(string Name, string Type, IReadOnlyList<string> Shape)
{
    public static TensorView From(TensorSignature signature) => new(
        signature.Name,
        signature.NonTensorType ?? signature.ElementType?.ToDatatypeName() ?? $"onnx:{signature.OnnxDataType}",
        signature.Dimensions?.Select(static d => d.ToString()).ToArray() ?? []);
}
