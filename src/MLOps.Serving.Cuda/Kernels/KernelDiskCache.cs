namespace MLOps.Serving.Cuda.Kernels;

/// <summary>
/// Compiled kernels on disk, one PTX file per <see cref="KernelCacheKey"/>, written to a temporary file and
/// renamed so a reader never sees half a file. A cache that cannot be written is not an error: the kernel
/// is compiled again next time.
/// </summary>
internal sealed class KernelDiskCache
{
    private readonly string _directory;

    public KernelDiskCache(string directory)
    {
        _directory = directory;
    }

    public string PathFor(string key) => Path.Combine(_directory, key + ".ptx");

    /// <summary>The cached PTX for a source, or the result of <paramref name="compile"/>, stored for next time.</summary>
    public byte[] GetOrCompile(string source, IReadOnlyList<string> options, int computeMajor, int computeMinor, Func<string, IReadOnlyList<string>, byte[]> compile)
    {
        var path = PathFor(KernelCacheKey.Compute(source, options, computeMajor, computeMinor));
        try
        {
            if (File.Exists(path))
            {
                return File.ReadAllBytes(path);
            }
        }
        catch (IOException)
        {
            // Unreadable cache entries are recompiled.
        }

        var ptx = compile(source, options);
        try
        {
            Directory.CreateDirectory(_directory);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, ptx);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A read-only cache folder only costs a compile per process.
        }

        return ptx;
    }
}
