namespace MLOps.Serving.Kernels.Trees;

/// <summary>The score transforms of the ONNX ML linear and tree operators.</summary>
internal enum PostTransform
{
    None,
    Softmax,
    Logistic,
    SoftmaxZero,
    Probit,
}
