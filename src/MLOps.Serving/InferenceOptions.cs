namespace MLOps.Serving;

/// <summary>How a model is loaded and run. A plain options class; validated when a model is loaded.</summary>
public sealed class InferenceOptions
{
    /// <summary>Threads a call may use for its kernels, the calling thread included.</summary>
    /// <value>The default is null: one per physical core.</value>
    public int? ThreadCount { get; set; }

    /// <summary>How many input-shape plans (memory plans per batch size) each model keeps.</summary>
    /// <value>The default is 16; the least recently used plan is dropped beyond it.</value>
    public int MaxCachedPlans { get; set; } = 16;

    /// <summary>Whether to fold constants, remove dead nodes and fuse Gemm/MatMul + Add + activation and Conv + BatchNormalization.</summary>
    /// <value>The default is true.</value>
    public bool Optimize { get; set; } = true;

    /// <summary>
    /// The folder external tensor data is resolved against when a model is loaded from bytes;
    /// files may not escape it.
    /// </summary>
    /// <value>The default is null: a model loaded from bytes may not use external data. Loading from a path uses the model's folder.</value>
    public string? ExternalDataDirectory { get; set; }

    /// <summary>A copy, so a model's options cannot change under it.</summary>
    /// <returns>The copy.</returns>
    public InferenceOptions Clone() => new()
    {
        ThreadCount = ThreadCount,
        MaxCachedPlans = MaxCachedPlans,
        Optimize = Optimize,
        ExternalDataDirectory = ExternalDataDirectory,
    };

    internal int ResolveThreadCount()
    {
        if (ThreadCount is { } count)
        {
            return count;
        }

        return Execution.CpuTopology.PhysicalCoreCount;
    }

    internal void Validate()
    {
        if (ThreadCount is < 1 or > 1024)
        {
            throw new ValidationException($"InferenceOptions.ThreadCount is {ThreadCount}; it must be between 1 and 1024, or null for one per physical core.");
        }

        if (MaxCachedPlans < 1)
        {
            throw new ValidationException($"InferenceOptions.MaxCachedPlans is {MaxCachedPlans}; it must be at least 1.");
        }
    }
}
