namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// One lower level's node tables for every tree, <see cref="Stride"/> words apart: features,
/// encoded thresholds and missing-value ways (0: first child, 0xFFFF: second), each indexed by
/// position on the level.
/// </summary>
internal readonly unsafe struct LevelTables
{
    public LevelTables(ushort* features, ushort* thresholds, ushort* directions, int stride)
    {
        Features = features;
        Thresholds = thresholds;
        Directions = directions;
        Stride = stride;
    }

    public ushort* Features { get; }

    public ushort* Thresholds { get; }

    public ushort* Directions { get; }

    public int Stride { get; }

    /// <summary>The same tables, <paramref name="offset"/> words on (the next level's start).</summary>
    public LevelTables At(int offset) => new(Features + offset, Thresholds + offset, Directions + offset, Stride);
}
