namespace MLOps.Serving.Kernels.Trees;

/// <summary>How a tree ensemble combines its trees' leaf weights per target (ONNX aggregate_function).</summary>
internal enum TreeAggregate
{
    Sum,
    Average,
    Min,
    Max,
}
