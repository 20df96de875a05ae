using System.Text;
using MLOps.Serving.Cuda.Native;

namespace MLOps.Serving.Cuda.Runtime;

/// <summary>Finds the libraries, initializes the driver once, and describes what is missing when CUDA cannot be used.</summary>
internal static unsafe class CudaRuntime
{
    private static readonly Lock Gate = new();
    private static bool _initialized;

    /// <summary>Checks every library and the driver; never throws.</summary>
    /// <returns>Whether CUDA is usable, and a report naming each library's location or everything searched.</returns>
    public static (bool Available, string Report) Probe(IReadOnlyList<string> libraryPaths)
    {
        try
        {
            CudaNativeLoader.Configure(libraryPaths);
            var report = new StringBuilder();
            var available = true;
            foreach (var library in Enum.GetValues<CudaLibrary>())
            {
                var search = CudaNativeLoader.Load(library);
                available &= search.Found;
                report.AppendLine(search.Describe());
            }

            if (!available)
            {
                var environment = $"CUDA_PATH={Environment.GetEnvironmentVariable("CUDA_PATH") ?? "(unset)"}, LD_LIBRARY_PATH={Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "(unset)"}, CudaOptions.LibraryPaths=[{string.Join(", ", libraryPaths)}]";
                return (false, "CUDA not available (" + environment + "): " + report.ToString().TrimEnd());
            }

            Initialize();
            CudaErrors.Check(CudaDriver.cuDeviceGetCount(out var count));
            if (count == 0)
            {
                return (false, "CUDA not available: the driver reports no devices.");
            }

            return (true, report.ToString().TrimEnd());
        }
        catch (Exception exception)
        {
            return (false, "CUDA not available: " + exception.Message);
        }
    }

    /// <summary>Makes sure CUDA is usable, or throws naming what is missing and everything searched.</summary>
    /// <exception cref="CudaUnavailableException">A library is missing, the driver fails to initialize, or there is no device.</exception>
    public static void Require(IReadOnlyList<string> libraryPaths)
    {
        var (available, report) = Probe(libraryPaths);
        if (!available)
        {
            throw new CudaUnavailableException(report);
        }
    }

    /// <summary>Describes a device.</summary>
    public static CudaDeviceInfo Describe(int ordinal)
    {
        Initialize();
        CudaErrors.Check(CudaDriver.cuDeviceGetCount(out var count));
        if (ordinal >= count)
        {
            throw new CudaUnavailableException($"CUDA device {ordinal} does not exist; this machine has {count} device(s) (0 to {count - 1}).");
        }

        CudaErrors.Check(CudaDriver.cuDeviceGet(out var device, ordinal));
        var name = stackalloc byte[256];
        CudaErrors.Check(CudaDriver.cuDeviceGetName(name, 256, device));
        CudaErrors.Check(CudaDriver.cuDeviceGetAttribute(out var major, CudaDriver.AttributeComputeCapabilityMajor, device));
        CudaErrors.Check(CudaDriver.cuDeviceGetAttribute(out var minor, CudaDriver.AttributeComputeCapabilityMinor, device));
        CudaErrors.Check(CudaDriver.cuDeviceGetAttribute(out var multiprocessors, CudaDriver.AttributeMultiprocessorCount, device));
        CudaErrors.Check(CudaDriver.cuDeviceTotalMem_v2(out var memory, device));
        CudaErrors.Check(CudaDriver.cuDriverGetVersion(out var driver));
        return new CudaDeviceInfo(ordinal, new string((sbyte*)name), major, minor, (long)memory, multiprocessors, driver);
    }

    private static void Initialize()
    {
        lock (Gate)
        {
            if (!_initialized)
            {
                CudaErrors.Check(CudaDriver.cuInit(0));
                _initialized = true;
            }
        }
    }
}
