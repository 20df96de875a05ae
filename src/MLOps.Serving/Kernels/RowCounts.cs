namespace MLOps.Serving.Kernels;

/// <summary>Compile-time row counts for the SGEMM micro-kernels.</summary>
internal static class RowCounts
{
    /// <summary>A micro-tile of 2 rows.</summary>
    public readonly struct Rows2 : IRowCount
    {
        public static int Count => 2;
    }

    /// <summary>A micro-tile of 3 rows.</summary>
    public readonly struct Rows3 : IRowCount
    {
        public static int Count => 3;
    }

    /// <summary>A micro-tile of 4 rows.</summary>
    public readonly struct Rows4 : IRowCount
    {
        public static int Count => 4;
    }

    /// <summary>A micro-tile of 5 rows.</summary>
    public readonly struct Rows5 : IRowCount
    {
        public static int Count => 5;
    }

    /// <summary>A micro-tile of 6 rows.</summary>
    public readonly struct Rows6 : IRowCount
    {
        public static int Count => 6;
    }

    /// <summary>A micro-tile of 7 rows.</summary>
    public readonly struct Rows7 : IRowCount
    {
        public static int Count => 7;
    }

    /// <summary>A micro-tile of 8 rows.</summary>
    public readonly struct Rows8 : IRowCount
    {
        public static int Count => 8;
    }
}
