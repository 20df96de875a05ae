namespace MLOps.Serving.Execution;

/// <summary>Where a planned value's storage comes from.</summary>
internal enum SlotKind
{
    /// <summary>A region of the call's arena, shared with values whose lifetimes do not overlap.</summary>
    Arena,

    /// <summary>An initializer or a value folded at plan time.</summary>
    Constant,

    /// <summary>The caller's input tensor, bound for each call.</summary>
    GraphInput,

    /// <summary>Another slot's storage with a different shape.</summary>
    View,
}
