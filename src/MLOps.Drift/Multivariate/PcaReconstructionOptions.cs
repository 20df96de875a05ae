namespace MLOps.Drift;

/// <summary>Settings of <see cref="PcaReconstructionDetector"/>.</summary>
public sealed class PcaReconstructionOptions
{
    /// <summary>The share of the standardised reference's variance the kept components must explain.</summary>
    /// <value>The default value is 0.65 (NannyML's default). It must be in (0, 1].</value>
    public double VarianceToKeep { get; set; } = 0.65;

    /// <summary>The rows per reference chunk from which the band is estimated.</summary>
    /// <value>The default value is null: the reference is cut into 10 chunks. When set it must be at least 2 and leave at least 2 chunks.</value>
    public int? ChunkSize { get; set; }

    /// <summary>The band's half-width in standard deviations of the reference chunks' errors.</summary>
    /// <value>The default value is 3. It must be positive.</value>
    public double BandSigmas { get; set; } = 3;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(VarianceToKeep > 0 && VarianceToKeep <= 1))
        {
            throw new ValidationException($"PcaReconstructionOptions.VarianceToKeep must be in (0, 1]; it is {VarianceToKeep}.");
        }

        if (ChunkSize is < 2)
        {
            throw new ValidationException($"PcaReconstructionOptions.ChunkSize must be at least 2; it is {ChunkSize}.");
        }

        if (!(BandSigmas > 0))
        {
            throw new ValidationException($"PcaReconstructionOptions.BandSigmas must be positive; it is {BandSigmas}.");
        }
    }
}
