using System.Runtime.Intrinsics;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>Selects, lane by lane, each row's value from the block column its feature names.</summary>
internal unsafe interface IColumnSelect
{
    /// <summary>Selects for two feature vectors at once, over shared column loads.</summary>
    static abstract void Select(ushort* column, Vector512<ushort> first, Vector512<ushort> second, out Vector512<ushort> x, out Vector512<ushort> y);
}
