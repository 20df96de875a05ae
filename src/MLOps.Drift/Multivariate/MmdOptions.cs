namespace MLOps.Drift;

/// <summary>Settings of the MMD permutation test.</summary>
public sealed class MmdOptions
{
    /// <summary>The number of permutations.</summary>
    /// <value>The default value is 100. It must be between 1 and 100,000.</value>
    public int Permutations { get; set; } = 100;

    /// <summary>The kernel bandwidth σ; null for the median heuristic (σ = the median Euclidean distance between pooled rows).</summary>
    /// <value>The default value is null.</value>
    public double? Bandwidth { get; set; }

    /// <summary>The most rows used from each sample; larger samples are subsampled uniformly without replacement (seeded).</summary>
    /// <value>The default value is 2000 (the kernel matrix of 4000 rows takes 64 MB). It must be at least 2.</value>
    public int MaxRowsPerSample { get; set; } = 2000;

    /// <summary>The seed of the permutations and the subsampling, so results are reproducible.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>The most threads used.</summary>
    /// <value>The default value is <see cref="Environment.ProcessorCount"/>.</value>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Permutations is < 1 or > 100_000)
        {
            throw new ValidationException($"MmdOptions.Permutations must be between 1 and 100000; it is {Permutations}.");
        }

        if (Bandwidth is { } b && !(b > 0 && double.IsFinite(b)))
        {
            throw new ValidationException($"MmdOptions.Bandwidth must be a positive number; it is {b}.");
        }

        if (MaxRowsPerSample < 2)
        {
            throw new ValidationException($"MmdOptions.MaxRowsPerSample must be at least 2; it is {MaxRowsPerSample}.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ValidationException($"MmdOptions.MaxDegreeOfParallelism must be at least 1; it is {MaxDegreeOfParallelism}.");
        }
    }
}
