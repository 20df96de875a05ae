using MLOps.Serving.Cuda.Native;

namespace MLOps.Serving.Cuda.Runtime;

/// <summary>Device memory from <c>cuMemAlloc</c>; the caller makes the device's context current.</summary>
internal sealed class DriverAllocator : IDeviceAllocator
{
    public ulong Allocate(long bytes)
    {
        CudaErrors.Check(CudaDriver.cuMemAlloc_v2(out var pointer, (nuint)bytes));
        return pointer;
    }

    public void Free(ulong pointer) => CudaDriver.cuMemFree_v2(pointer);
}
