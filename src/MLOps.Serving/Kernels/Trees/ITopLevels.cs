using System.Runtime.Intrinsics;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>The top levels of every tree, evaluated whole: returns each row's position below them.</summary>
internal unsafe interface ITopLevels
{
    /// <summary>Evaluates the top levels for one block.</summary>
    /// <param name="columns">The block's ranked columns.</param>
    /// <param name="nodes">
    /// The tree's top nodes in level order, each a (threshold dword, column byte offset) pair, then
    /// from index 64 each node's missing-value way (0: first child, −1: second).
    /// </param>
    static abstract Vector512<ushort> Evaluate<TMissing>(byte* columns, int* nodes)
        where TMissing : struct, IMissingValues;
}
