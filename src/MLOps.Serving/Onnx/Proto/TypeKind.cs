namespace MLOps.Serving.Onnx.Proto;

/// <summary>Which member of <c>TypeProto.value</c> is set.</summary>
internal enum TypeKind
{
    None,
    Tensor,
    Sequence,
    Map,
    Optional,
    SparseTensor,
}
