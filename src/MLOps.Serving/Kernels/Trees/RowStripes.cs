namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// Splits a call's rows into contiguous stripes of whole passes, one stripe per kernel thread, for
/// the tree traversals that take rows a pass at a time.
/// </summary>
internal static class RowStripes
{
    /// <summary>How many stripes <paramref name="rows"/> rows in passes of <paramref name="passRows"/> take on <paramref name="threads"/> threads.</summary>
    public static int Count(int rows, int passRows, int threads) =>
        Math.Clamp(Math.Min((rows + passRows - 1) / passRows, threads), 1, Environment.ProcessorCount);

    /// <summary>The first pass and the pass past the last of stripe <paramref name="stripe"/> of <paramref name="stripes"/>.</summary>
    public static (int First, int End) Passes(int rows, int passRows, int stripes, int stripe)
    {
        var passes = (rows + passRows - 1) / passRows;
        return ((int)((long)passes * stripe / stripes), (int)((long)passes * (stripe + 1) / stripes));
    }
}
