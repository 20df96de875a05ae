using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>An input whose data follows the JSON header as binary, waiting for the header to be read to the end.</summary>
/// <param name="Index">The input's position in the signature.</param>
/// <param name="Name">The input's name.</param>
/// <param name="ElementType">The declared datatype.</param>
/// <param name="Shape">The declared shape.</param>
/// <param name="Size">The declared <c>binary_data_size</c>.</param>
internal readonly record struct PendingBinaryInput(int Index, string Name, TensorElementType ElementType, TensorShape Shape, long Size);
