namespace MLOps.Serving.Kernels.Trees;

/// <summary>How a tree node compares a feature with its threshold (ONNX nodes_modes); the true branch is taken when the comparison holds.</summary>
internal enum NodeMode : byte
{
    Leaf,
    LessOrEqual,
    Less,
    GreaterOrEqual,
    Greater,
    Equal,
    NotEqual,
}
