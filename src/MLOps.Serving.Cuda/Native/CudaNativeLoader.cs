using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MLOps.Serving.Cuda.Native;

/// <summary>
/// Resolves the bindings' import names to the CUDA libraries found by <see cref="CudaLibraryLocator"/>.
/// The resolver is registered once per process; the explicit paths are fixed by the first
/// <see cref="Configure"/> call that finds the driver (later calls add paths only for libraries not yet loaded).
/// </summary>
internal static class CudaNativeLoader
{
    private static readonly ConcurrentDictionary<CudaLibrary, CudaLibrarySearch> Loaded = new();
    private static readonly Lock Gate = new();
    private static IReadOnlyList<string> _explicitPaths = [];
    private static bool _registered;

    /// <summary>Registers the resolver (once) and sets the explicit paths searched first.</summary>
    public static void Configure(IReadOnlyList<string> explicitPaths)
    {
        lock (Gate)
        {
            _explicitPaths = [.. _explicitPaths.Concat(explicitPaths).Distinct(StringComparer.Ordinal)];
            if (!_registered)
            {
                NativeLibrary.SetDllImportResolver(typeof(CudaNativeLoader).Assembly, Resolve);
                _registered = true;
            }
        }
    }

    /// <summary>Finds and loads one library, or returns the failed search; never throws.</summary>
    public static CudaLibrarySearch Load(CudaLibrary library)
    {
        if (Loaded.TryGetValue(library, out var found))
        {
            return found;
        }

        lock (Gate)
        {
            if (Loaded.TryGetValue(library, out found))
            {
                return found;
            }

            CudaLibrarySearch search;
            try
            {
                search = CudaLibraryLocator.ForSystem(_explicitPaths).Locate(library, TryLoad);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
            {
                search = new CudaLibrarySearch(library, null, 0, [$"the search failed: {exception.Message}"]);
            }

            if (search.Found)
            {
                Loaded[library] = search;
            }

            return search;
        }
    }

    /// <summary>Loads a library or throws <see cref="CudaUnavailableException"/> listing everything searched.</summary>
    public static void Require(CudaLibrary library)
    {
        var search = Load(library);
        if (!search.Found)
        {
            throw new CudaUnavailableException($"CUDA not available: {search.Describe()}");
        }
    }

    private static (nint Handle, string? Error) TryLoad(string path)
    {
        try
        {
            return (NativeLibrary.Load(path), null);
        }
        catch (DllNotFoundException exception)
        {
            // The runtime's message wraps dlerror()'s in advice about strace; the last line is the reason.
            return (0, exception.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(static l => l.Length > 1) ?? exception.Message);
        }
        catch (BadImageFormatException exception)
        {
            return (0, exception.Message);
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (CudaLibraryNames.FromImportName(libraryName) is not { } library)
        {
            return 0;
        }

        var search = Load(library);
        return search.Found ? search.Handle : throw new DllNotFoundException($"CUDA not available: {search.Describe()}");
    }
}
