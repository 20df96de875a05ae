namespace MLOps.Serving.Cuda.Native;

/// <summary>
/// Finds the CUDA libraries: explicit paths from <see cref="CudaOptions.LibraryPaths"/> first, then
/// <c>CUDA_PATH</c>, <c>LD_LIBRARY_PATH</c>, the distribution's library folders, <c>/usr/local/cuda/lib64</c>
/// and <c>/usr/local/cuda-*/lib64</c> (newest first), and last the bare soname through the system loader
/// (ldconfig's cache). Pure apart from the injected file system and loader, so the order is testable.
/// </summary>
internal sealed class CudaLibraryLocator
{
    /// <summary>The system loader is asked for the bare soname last; this marks that candidate.</summary>
    public const string SystemLoaderPrefix = "system loader: ";

    private readonly IReadOnlyList<string> _explicitPaths;
    private readonly Func<string, string?> _environment;
    private readonly Func<string, bool> _directoryExists;
    private readonly Func<string, bool> _fileExists;
    private readonly Func<string, IEnumerable<string>> _listDirectories;

    public CudaLibraryLocator(
        IReadOnlyList<string> explicitPaths,
        Func<string, string?> environment,
        Func<string, bool> directoryExists,
        Func<string, bool> fileExists,
        Func<string, IEnumerable<string>> listDirectories)
    {
        _explicitPaths = explicitPaths;
        _environment = environment;
        _directoryExists = directoryExists;
        _fileExists = fileExists;
        _listDirectories = listDirectories;
    }

    /// <summary>A locator over the real file system and environment.</summary>
    public static CudaLibraryLocator ForSystem(IReadOnlyList<string> explicitPaths) => new(
        explicitPaths,
        Environment.GetEnvironmentVariable,
        Directory.Exists,
        File.Exists,
        static parent => Directory.Exists(parent) ? Directory.EnumerateDirectories(parent) : []);

    /// <summary>The folders searched, in order, without duplicates; explicit file paths are not folders and are tried before all of them.</summary>
    public IReadOnlyList<string> SearchDirectories()
    {
        var folders = new List<string>();
        foreach (var path in _explicitPaths)
        {
            if (!LooksLikeLibraryFile(path))
            {
                folders.Add(path);
            }
        }

        if (_environment("CUDA_PATH") is { Length: > 0 } cudaPath)
        {
            folders.Add(Path.Combine(cudaPath, "lib64"));
            folders.Add(Path.Combine(cudaPath, "lib"));
            folders.Add(Path.Combine(cudaPath, "targets", "x86_64-linux", "lib"));
        }

        if (_environment("LD_LIBRARY_PATH") is { Length: > 0 } ldPath)
        {
            folders.AddRange(ldPath.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        folders.Add("/usr/lib/x86_64-linux-gnu");
        folders.Add("/usr/lib/wsl/lib");
        folders.Add("/usr/lib64");
        folders.Add("/usr/local/cuda/lib64");
        folders.Add("/usr/local/cuda/targets/x86_64-linux/lib");
        var versioned = _listDirectories("/usr/local")
            .Where(static d => Path.GetFileName(d).StartsWith("cuda-", StringComparison.Ordinal))
            .OrderByDescending(static d => ParseVersion(Path.GetFileName(d)["cuda-".Length..]))
            .ThenBy(static d => d, StringComparer.Ordinal)
            .Select(static d => Path.Combine(d, "lib64"));
        folders.AddRange(versioned);
        return [.. folders.Select(Normalize).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every candidate for a library, in the order tried: explicit files, then each file name in each folder, then the bare sonames.</summary>
    public IReadOnlyList<string> Candidates(CudaLibrary library)
    {
        var names = CudaLibraryNames.FileNames(library);
        var candidates = new List<string>();
        foreach (var path in _explicitPaths)
        {
            if (LooksLikeLibraryFile(path) && names.Any(n => Path.GetFileName(path).StartsWith(n.Split(".so", 2)[0] + ".so", StringComparison.Ordinal)))
            {
                candidates.Add(path);
            }
        }

        foreach (var folder in SearchDirectories())
        {
            foreach (var name in names)
            {
                candidates.Add(Path.Combine(folder, name));
            }
        }

        foreach (var name in names)
        {
            candidates.Add(SystemLoaderPrefix + name);
        }

        return candidates;
    }

    /// <summary>Tries each candidate with <paramref name="load"/> until one loads.</summary>
    /// <param name="library">The library.</param>
    /// <param name="load">Loads a file path or bare soname; returns the handle, or zero and why not.</param>
    /// <returns>The search, with every attempt described.</returns>
    public CudaLibrarySearch Locate(CudaLibrary library, Func<string, (nint Handle, string? Error)> load)
    {
        var attempts = new List<string>();
        var missingFolders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in Candidates(library))
        {
            string target;
            if (candidate.StartsWith(SystemLoaderPrefix, StringComparison.Ordinal))
            {
                target = candidate[SystemLoaderPrefix.Length..];
            }
            else
            {
                var folder = Path.GetDirectoryName(candidate) ?? string.Empty;
                if (!_directoryExists(folder))
                {
                    if (missingFolders.Add(folder))
                    {
                        attempts.Add($"{folder}/ (no such folder)");
                    }

                    continue;
                }

                if (!_fileExists(candidate))
                {
                    attempts.Add($"{candidate} (not there)");
                    continue;
                }

                target = candidate;
            }

            var (handle, error) = load(target);
            if (handle != 0)
            {
                attempts.Add($"{candidate} (loaded)");
                return new CudaLibrarySearch(library, target, handle, attempts);
            }

            attempts.Add($"{candidate} (failed to load: {error ?? "unknown error"})");
        }

        return new CudaLibrarySearch(library, null, 0, attempts);
    }

    private static bool LooksLikeLibraryFile(string path) => Path.GetFileName(path).Contains(".so", StringComparison.Ordinal) || path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string folder) => folder.Length > 1 ? folder.TrimEnd('/') : folder;

    private static Version ParseVersion(string text) => Version.TryParse(text.Contains('.', StringComparison.Ordinal) ? text : text + ".0", out var version) ? version : new Version(0, 0);
}
