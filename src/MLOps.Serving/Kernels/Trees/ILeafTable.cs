using System.Runtime.Intrinsics;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>A tree's leaf values, selected by each row's leaf position (16 rows, 32-bit lanes).</summary>
internal unsafe interface ILeafTable
{
    static abstract Vector512<float> Lookup(float* leaves, Vector512<int> position);
}
