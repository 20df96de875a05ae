namespace MLOps.Tracking;

/// <summary>The type of a run parameter's value.</summary>
public enum ParamKind
{
    /// <summary>Text.</summary>
    String = 0,

    /// <summary>A 64-bit integer.</summary>
    Integer = 1,

    /// <summary>A 64-bit IEEE float (NaN and infinities allowed).</summary>
    Float = 2,

    /// <summary>True or false.</summary>
    Boolean = 3,
}
