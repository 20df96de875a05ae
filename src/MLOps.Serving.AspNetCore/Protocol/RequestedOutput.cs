namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>One output an inference response carries.</summary>
/// <param name="Index">The output's position in <see cref="ModelSignature.Outputs"/>.</param>
/// <param name="Binary">Whether the output is sent as binary tensor data after the JSON header rather than as a JSON <c>data</c> array.</param>
internal readonly record struct RequestedOutput(int Index, bool Binary);
