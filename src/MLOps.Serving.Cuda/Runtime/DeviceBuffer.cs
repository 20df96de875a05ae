namespace MLOps.Serving.Cuda.Runtime;

/// <summary>A device allocation: its address and its (size-class) capacity.</summary>
internal readonly record struct DeviceBuffer(ulong Pointer, long Bytes);
