namespace MLOps.Storage;

/// <summary>Column types a module's schema is written in; each dialect maps them to its own names.</summary>
public enum SqlType
{
    /// <summary>A 32-bit integer.</summary>
    Int32,

    /// <summary>A 64-bit integer.</summary>
    Int64,

    /// <summary>A 64-bit IEEE float; NaN and infinities are stored faithfully by the dialects.</summary>
    Float64,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>Unicode text of any length.</summary>
    Text,

    /// <summary>Binary data.</summary>
    Binary,

    /// <summary>A UTC instant stored as microseconds since the Unix epoch (a 64-bit integer).</summary>
    TimestampMicros,
}
