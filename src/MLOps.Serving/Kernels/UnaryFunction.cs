namespace MLOps.Serving.Kernels;

/// <summary>A unary function by ONNX name with its attributes.</summary>
internal sealed record UnaryFunction(string Name, float Alpha, float Beta, float Gamma, bool TanhApproximation);
