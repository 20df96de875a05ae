namespace MLOps.Data;

/// <summary>The logical type of a <see cref="Column"/>, with its Arrow-compatible physical layout.</summary>
public enum DataType
{
    /// <summary>True or false, bit-packed (LSB first), one bit per row.</summary>
    Boolean,

    /// <summary>A signed 32-bit integer.</summary>
    Int32,

    /// <summary>A signed 64-bit integer.</summary>
    Int64,

    /// <summary>An IEEE 754 single-precision number.</summary>
    Float32,

    /// <summary>An IEEE 754 double-precision number.</summary>
    Float64,

    /// <summary>UTF-8 text: 32-bit offsets (one more than the row count) into a byte buffer.</summary>
    String,

    /// <summary>A point in time: signed 64-bit microseconds since the Unix epoch, UTC.</summary>
    Timestamp,
}
