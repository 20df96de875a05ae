using System.Runtime.Intrinsics;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>One level's node data (features or thresholds), selected by each row's position on the level.</summary>
internal unsafe interface INodeTable
{
    static abstract Vector512<ushort> Lookup(ushort* table, Vector512<ushort> position);
}
