using System.Runtime.InteropServices;

namespace MLOps.Serving.Cuda.Native;

/// <summary>The CUDA driver API (<c>libcuda</c>), bound through source-generated P/Invoke. Every call returns a <c>CUresult</c>.</summary>
internal static unsafe partial class CudaDriver
{
    public const int AttributeComputeCapabilityMajor = 75;
    public const int AttributeComputeCapabilityMinor = 76;
    public const int AttributeMultiprocessorCount = 16;
    public const uint StreamNonBlocking = 1;
    public const int StreamCaptureModeThreadLocal = 1;

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuInit(uint flags);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuDriverGetVersion(out int version);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuDeviceGetCount(out int count);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuDeviceGet(out int device, int ordinal);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuDeviceGetName(byte* name, int length, int device);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuDeviceGetAttribute(out int value, int attribute, int device);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuDeviceTotalMem_v2(out nuint bytes, int device);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuDevicePrimaryCtxRetain(out nint context, int device);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuDevicePrimaryCtxRelease_v2(int device);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuCtxSetCurrent(nint context);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuStreamCreate(out nint stream, uint flags);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuStreamDestroy_v2(nint stream);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuStreamSynchronize(nint stream);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuMemAlloc_v2(out ulong pointer, nuint bytes);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuMemFree_v2(ulong pointer);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuMemAllocHost_v2(out nint pointer, nuint bytes);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuMemFreeHost(nint pointer);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuMemcpyHtoD_v2(ulong destination, void* source, nuint bytes);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuMemcpyHtoDAsync_v2(ulong destination, void* source, nuint bytes, nint stream);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuMemcpyDtoHAsync_v2(void* destination, ulong source, nuint bytes, nint stream);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuMemcpyDtoDAsync_v2(ulong destination, ulong source, nuint bytes, nint stream);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuModuleLoadData(out nint module, void* image);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuModuleUnload(nint module);

    [LibraryImport(CudaLibraryNames.Driver, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int cuModuleGetFunction(out nint function, nint module, string name);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuLaunchKernel(nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ, uint sharedMemoryBytes, nint stream, void** parameters, void** extra);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuStreamBeginCapture_v2(nint stream, int mode);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuStreamEndCapture(nint stream, out nint graph);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuGraphInstantiateWithFlags(out nint executable, nint graph, ulong flags);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuGraphLaunch(nint executable, nint stream);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuGraphExecDestroy(nint executable);

    [LibraryImport(CudaLibraryNames.Driver)]
    public static partial int cuGraphDestroy(nint graph);
}
