namespace MLOps.Serving.Cuda.Lowering;

/// <summary>A kernel launch before it is bound to device memory: entry point, source, launch shape and arguments.</summary>
/// <param name="Entry">The <c>extern "C"</c> function name.</param>
/// <param name="Source">The CUDA C source defining it.</param>
/// <param name="Grid">Blocks in the grid.</param>
/// <param name="Block">Threads per block.</param>
/// <param name="SharedBytes">Dynamic shared memory per block.</param>
/// <param name="Arguments">The arguments, in order.</param>
internal sealed record KernelLaunchSpec(string Entry, string Source, uint Grid, uint Block, uint SharedBytes, IReadOnlyList<KernelArgument> Arguments)
{
    public const uint DefaultBlock = 256;

    /// <summary>Blocks for a grid-stride loop over <paramref name="workItems"/> (capped: the loop covers the rest).</summary>
    public static uint GridFor(long workItems, uint block = DefaultBlock) => (uint)Math.Clamp((workItems + block - 1) / block, 1, 65_535);
}
