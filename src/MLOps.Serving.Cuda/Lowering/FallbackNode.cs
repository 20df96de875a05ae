namespace MLOps.Serving.Cuda.Lowering;

/// <summary>A node that runs on the CPU, and why.</summary>
/// <param name="Node">The node's name.</param>
/// <param name="OpType">Its operator.</param>
/// <param name="Reason">Why the GPU does not run it.</param>
internal sealed record FallbackNode(string Node, string OpType, string Reason);
