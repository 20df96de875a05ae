namespace MLOps.Serving.Cuda.Lowering;

/// <summary>What a kernel argument carries.</summary>
internal enum KernelArgumentKind
{
    /// <summary>The device address of a plan slot (its root buffer), or null for slot -1.</summary>
    Buffer,

    /// <summary>A 32-bit integer.</summary>
    Int32,

    /// <summary>A 32-bit float.</summary>
    Float32,

    /// <summary>A by-value struct of 32-bit integers (shapes and strides).</summary>
    IntStruct,

    /// <summary>The device address of a float array uploaded once (a fused bias).</summary>
    ConstantFloats,
}
