namespace MLOps.Serving.Cuda.Lowering;

/// <summary>What a device plan step does.</summary>
internal enum DeviceStepKind
{
    /// <summary>One or more kernel launches for one node.</summary>
    Kernel,

    /// <summary>A cuBLAS GEMM, with an optional epilogue kernel.</summary>
    Gemm,

    /// <summary>Copies a slot from the pinned host mirror to the device.</summary>
    Upload,

    /// <summary>Copies a slot from the device to the pinned host mirror.</summary>
    Download,

    /// <summary>Runs a node on the CPU executor over the host mirror (the stream is synchronized first).</summary>
    Host,
}
