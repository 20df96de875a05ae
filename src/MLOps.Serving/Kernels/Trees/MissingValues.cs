namespace MLOps.Serving.Kernels.Trees;

/// <summary>The two kernel variants: passes without missing values skip the check.</summary>
internal static class MissingValues
{
    /// <summary>No row of the pass has a missing value.</summary>
    public readonly struct Absent : IMissingValues
    {
        public static bool Possible => false;
    }

    /// <summary>Some row of the pass has a missing value: each node sends it its own way.</summary>
    public readonly struct Present : IMissingValues
    {
        public static bool Possible => true;
    }
}
