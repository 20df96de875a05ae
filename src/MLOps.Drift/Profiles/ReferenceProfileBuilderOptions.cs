namespace MLOps.Drift;

/// <summary>How a <see cref="ReferenceProfileBuilder"/> bounds its memory.</summary>
public sealed class ReferenceProfileBuilderOptions
{
    /// <summary>The most values kept exactly per numeric column; past it the column switches to a <see cref="KllSketch"/>.</summary>
    /// <value>The default value is 2,000,000. It must be at least 1.</value>
    public int MaxExactValues { get; set; } = 2_000_000;

    /// <summary>The KLL accuracy parameter for sketched columns.</summary>
    /// <value>The default value is 1000 (rank error about 0.2 %). It must be at least 8.</value>
    public int SketchK { get; set; } = 1000;

    /// <summary>The number of quantiles a sketched column contributes as its reference sample.</summary>
    /// <value>The default value is 10,000. It must be at least 2.</value>
    public int SketchQuantiles { get; set; } = 10_000;

    /// <summary>The most categories kept exactly per column; past it the column switches to a <see cref="FrequentItemsSketch"/> of that capacity.</summary>
    /// <value>The default value is 10,000. It must be at least 2.</value>
    public int MaxCategories { get; set; } = 10_000;

    /// <summary>The options that decide column kinds and missing values (as <see cref="ReferenceProfile.Create"/>).</summary>
    /// <value>The default value is a new <see cref="DriftOptions"/>.</value>
    public DriftOptions Drift { get; set; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxExactValues < 1)
        {
            throw new ValidationException($"ReferenceProfileBuilderOptions.MaxExactValues must be at least 1; it is {MaxExactValues}.");
        }

        if (SketchK < 8)
        {
            throw new ValidationException($"ReferenceProfileBuilderOptions.SketchK must be at least 8; it is {SketchK}.");
        }

        if (SketchQuantiles < 2)
        {
            throw new ValidationException($"ReferenceProfileBuilderOptions.SketchQuantiles must be at least 2; it is {SketchQuantiles}.");
        }

        if (MaxCategories < 2)
        {
            throw new ValidationException($"ReferenceProfileBuilderOptions.MaxCategories must be at least 2; it is {MaxCategories}.");
        }

        if (Drift is null)
        {
            throw new ValidationException("ReferenceProfileBuilderOptions.Drift must not be null.");
        }

        Drift.Validate();
    }
}
