using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>One decoded request input: its tensor when the data was JSON, or what to read from the binary section.</summary>
/// <param name="Index">The input's position in the signature.</param>
/// <param name="Tensor">The tensor, when the data was in the JSON.</param>
/// <param name="Binary">The binary data to read, when the input has <c>binary_data_size</c>.</param>
internal readonly record struct RequestInput(int Index, Tensor? Tensor, PendingBinaryInput Binary);
