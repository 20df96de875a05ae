namespace MLOps.Serving.Cuda;

/// <summary>How the CUDA executor runs a model. Plain options; validated by <see cref="Validate"/> when the executor is created.</summary>
public sealed class CudaOptions
{
    /// <summary>The device ordinal.</summary>
    /// <value>The default value is 0, the first device.</value>
    public int DeviceId { get; set; }

    /// <summary>Library files or folders searched before the usual locations (<c>CUDA_PATH</c>, <c>LD_LIBRARY_PATH</c>, <c>/usr/lib/x86_64-linux-gnu</c>, <c>/usr/local/cuda*/lib64</c>).</summary>
    /// <value>The default value is empty.</value>
    public IList<string> LibraryPaths { get; set; } = [];

    /// <summary>Whether a node the GPU does not cover runs on the CPU executor, with copies in and out; when false, such a model fails at load naming the node.</summary>
    /// <value>The default value is true.</value>
    public bool AllowCpuFallback { get; set; } = true;

    /// <summary>Whether each batch bucket's launches are captured once into a CUDA graph and replayed (only plans with no CPU fallback nodes).</summary>
    /// <value>The default value is false.</value>
    public bool UseCudaGraphs { get; set; }

    /// <summary>
    /// Whether a batch is padded up to the next batch-size bucket (a power of two up to <see cref="MaxBatchBucket"/>),
    /// so a few plans serve every batch size. Only valid for models whose rows are independent (every input and
    /// output has the batch as its first dimension and no op mixes rows); when false, each batch size gets its own plan.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool PadToBatchBuckets { get; set; }

    /// <summary>The largest batch-size bucket; larger batches get a plan of their own size.</summary>
    /// <value>The default value is 1024.</value>
    public int MaxBatchBucket { get; set; } = 1024;

    /// <summary>Where compiled kernels (PTX) are cached, one file per hash of source, options and compute capability; null for a folder under the user's cache.</summary>
    /// <value>The default value is null (<c>$XDG_CACHE_HOME/mlops/cuda-kernels</c> or <c>~/.cache/mlops/cuda-kernels</c>).</value>
    public string? KernelCacheDirectory { get; set; }

    /// <summary>How many input-shape plans are kept per executor, each holding its device memory.</summary>
    /// <value>The default value is 16.</value>
    public int MaxCachedPlans { get; set; } = 16;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (DeviceId < 0)
        {
            throw new ValidationException($"CudaOptions.DeviceId is {DeviceId}; it must be 0 or more.");
        }

        if (MaxBatchBucket is < 1 or > 1 << 20)
        {
            throw new ValidationException($"CudaOptions.MaxBatchBucket is {MaxBatchBucket}; it must be between 1 and 1048576.");
        }

        if (MaxCachedPlans < 1)
        {
            throw new ValidationException($"CudaOptions.MaxCachedPlans is {MaxCachedPlans}; it must be 1 or more.");
        }

        if (LibraryPaths is null)
        {
            throw new ValidationException("CudaOptions.LibraryPaths is null; use an empty list for none.");
        }
    }

    /// <summary>A copy of these options.</summary>
    /// <returns>The copy.</returns>
    public CudaOptions Clone() => new()
    {
        DeviceId = DeviceId,
        LibraryPaths = [.. LibraryPaths],
        AllowCpuFallback = AllowCpuFallback,
        UseCudaGraphs = UseCudaGraphs,
        PadToBatchBuckets = PadToBatchBuckets,
        MaxBatchBucket = MaxBatchBucket,
        KernelCacheDirectory = KernelCacheDirectory,
        MaxCachedPlans = MaxCachedPlans,
    };

    internal string ResolveKernelCacheDirectory()
    {
        if (KernelCacheDirectory is { Length: > 0 } explicitPath)
        {
            return explicitPath;
        }

        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "mlops", "cuda-kernels");
    }
}
