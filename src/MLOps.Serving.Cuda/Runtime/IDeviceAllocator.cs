namespace MLOps.Serving.Cuda.Runtime;

/// <summary>Allocates raw device memory; the seam that lets the pool be tested without a GPU.</summary>
internal interface IDeviceAllocator
{
    ulong Allocate(long bytes);

    void Free(ulong pointer);
}
