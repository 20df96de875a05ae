using System.Collections.Concurrent;
using MLOps.Serving.Cuda.Kernels;
using MLOps.Serving.Cuda.Native;

namespace MLOps.Serving.Cuda.Runtime;

/// <summary>
/// One device, shared by every executor on it: its primary context (one context per device), and the
/// kernels compiled for it (PTX cached on disk by hash, modules loaded once per process).
/// </summary>
internal sealed unsafe class CudaDevice
{
    private static readonly ConcurrentDictionary<int, CudaDevice> Devices = new();
    private readonly ConcurrentDictionary<string, nint> _functions = new(StringComparer.Ordinal);
    private readonly Lock _compileGate = new();
    private readonly KernelDiskCache _cache;

    private CudaDevice(CudaDeviceInfo info, nint context, string cacheDirectory)
    {
        Info = info;
        Context = context;
        _cache = new KernelDiskCache(cacheDirectory);
    }

    public CudaDeviceInfo Info { get; }

    public nint Context { get; }

    public static CudaDevice Get(int ordinal, string cacheDirectory) => Devices.GetOrAdd(ordinal, static (o, dir) =>
    {
        var info = CudaRuntime.Describe(o);
        CudaErrors.Check(CudaDriver.cuDeviceGet(out var device, o));
        CudaErrors.Check(CudaDriver.cuDevicePrimaryCtxRetain(out var context, device));
        return new CudaDevice(info, context, dir);
    }, cacheDirectory);

    /// <summary>Makes this device's context current on the calling thread.</summary>
    public void MakeCurrent() => CudaErrors.Check(CudaDriver.cuCtxSetCurrent(Context));

    /// <summary>The function for a kernel entry point, compiling and loading its source the first time.</summary>
    public nint GetFunction(string entry, string source)
    {
        var key = entry + "\n" + source;
        if (_functions.TryGetValue(key, out var function))
        {
            return function;
        }

        lock (_compileGate)
        {
            if (_functions.TryGetValue(key, out function))
            {
                return function;
            }

            MakeCurrent();
            var ptx = _cache.GetOrCompile(source, KernelCacheKey.CompileOptions(Info.ComputeMajor, Info.ComputeMinor), Info.ComputeMajor, Info.ComputeMinor, NvrtcCompiler.Compile);
            if (ptx.Length == 0 || ptx[^1] != 0)
            {
                Array.Resize(ref ptx, ptx.Length + 1);
            }

            fixed (byte* image = ptx)
            {
                CudaErrors.Check(CudaDriver.cuModuleLoadData(out var module, image));
                CudaErrors.Check(CudaDriver.cuModuleGetFunction(out function, module, entry));
            }

            _functions[key] = function;
            return function;
        }
    }
}
