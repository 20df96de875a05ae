using System.Runtime.Intrinsics;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>A tree's leaf values, selected by each row's leaf position (16 rows, 32-bit lanes).</summary>
internal unsafe interface ILeafTable
{
    /// <summary>How many leaf values the table holds (a power of two, at least 32).</summary>
    static abstract int Size { get; }

    static abstract Vector512<float> Lookup(float* leaves, Vector512<int> position);
}
